package dev.pedigree.graph;

import dev.pedigree.graph.store.NodeKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Node ids: {@code kind:part[:part…]}, each part percent-encoded with RFC 3986's unreserved characters kept, so an
 * id is unambiguous, safe in a query string, and never contains {@code |} (the store keys' separator). The one
 * place ids are built and parsed.
 */
public final class NodeIds {

    /** Ids longer than this are refused: no real node needs one, and keys must stay small. */
    public static final int MAX_LENGTH = 2_048;

    private static final Map<String, NodeKind> KINDS = Map.of(
            "dataset", NodeKind.DATASET,
            "datasetVersion", NodeKind.DATASET_VERSION,
            "job", NodeKind.JOB,
            "run", NodeKind.RUN,
            "model", NodeKind.MODEL,
            "modelVersion", NodeKind.MODEL_VERSION,
            "prediction", NodeKind.PREDICTION,
            "datasetField", NodeKind.DATASET_FIELD);
    private static final Map<NodeKind, String> PREFIXES = KINDS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, e -> e.getKey() + ":"));
    private static final Map<NodeKind, Integer> PARTS = Map.of(
            NodeKind.DATASET, 2, NodeKind.DATASET_VERSION, 3, NodeKind.JOB, 2, NodeKind.RUN, 1,
            NodeKind.MODEL, 1, NodeKind.MODEL_VERSION, 2, NodeKind.PREDICTION, 1, NodeKind.DATASET_FIELD, 3);

    private NodeIds() {
    }

    public static String dataset(String namespace, String name) {
        return build("dataset", namespace, name);
    }

    public static String datasetVersion(String namespace, String name, String contentHash) {
        return build("datasetVersion", namespace, name, contentHash);
    }

    /** A column of a dataset (of every version of it). */
    public static String datasetField(String namespace, String name, String field) {
        return build("datasetField", namespace, name, field);
    }

    public static String job(String namespace, String name) {
        return build("job", namespace, name);
    }

    public static String run(String runId) {
        return build("run", runId);
    }

    public static String model(String name) {
        return build("model", name);
    }

    public static String modelVersion(String name, String version) {
        return build("modelVersion", name, version);
    }

    public static String prediction(String predictionId) {
        return build("prediction", predictionId);
    }

    /** A parsed node id: its kind and decoded parts. */
    public record ParsedId(NodeKind kind, List<String> parts) {
    }

    /**
     * Parses and checks a node id.
     *
     * @throws IllegalArgumentException saying what is wrong (unknown kind, wrong number of parts, bad encoding,
     *     too long)
     */
    public static ParsedId parse(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a node id must not be empty");
        }
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a node id has at most " + MAX_LENGTH + " characters, got "
                    + id.length());
        }
        String[] pieces = id.split(":", -1);
        NodeKind kind = KINDS.get(pieces[0]);
        if (kind == null) {
            throw new IllegalArgumentException("unknown node kind '" + abbreviate(pieces[0]) + "'; expected one of "
                    + KINDS.keySet().stream().sorted().toList());
        }
        int expected = PARTS.get(kind);
        if (pieces.length - 1 != expected) {
            throw new IllegalArgumentException("a " + pieces[0] + " id has " + expected + " part(s) after the kind, got "
                    + (pieces.length - 1) + " (encode ':' inside a part as %3A)");
        }
        List<String> parts = new ArrayList<>(expected);
        for (int i = 1; i < pieces.length; i++) {
            if (pieces[i].isEmpty()) {
                throw new IllegalArgumentException("part " + i + " of the node id is empty");
            }
            parts.add(decode(pieces[i]));
        }
        return new ParsedId(kind, List.copyOf(parts));
    }

    /** The canonical spelling of an id (only unreserved characters left unencoded), for lookups. */
    public static String canonical(String id) {
        ParsedId parsed = parse(id);
        String kind = id.substring(0, id.indexOf(':'));
        return build(kind, parsed.parts().toArray(String[]::new));
    }

    /** What every id of {@code kind} starts with: its kind's name and a colon ({@code datasetVersion:}). */
    public static String prefix(NodeKind kind) {
        return PREFIXES.get(kind);
    }

    /** The kind of a well-formed id. */
    public static NodeKind kindOf(String id) {
        // The kind is the first part: the graph index asks it of every new node, and parsing the whole id was a
        // tenth of the global thread's time in the graph ingest profile. A malformed id still gets parse's error.
        int colon = id.indexOf(':');
        NodeKind kind = colon < 0 ? null : KINDS.get(id.substring(0, colon));
        return kind != null ? kind : parse(id).kind();
    }

    private static String build(String kind, String... parts) {
        StringBuilder id = new StringBuilder(kind);
        for (String part : parts) {
            id.append(':').append(encode(part));
        }
        return id.toString();
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters. */
    static String encode(String part) {
        if (unreserved(part)) {
            return part; // most names and hashes' hex digits: nothing to encode, nothing to copy
        }
        StringBuilder encoded = new StringBuilder(part.length() + 8);
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (unreserved(c)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static boolean unreserved(String part) {
        for (int i = 0; i < part.length(); i++) {
            if (!unreserved(part.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986's unreserved characters, the only ones left as they are. */
    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    static String decode(String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length()) {
                    throw new IllegalArgumentException("truncated percent-encoding in '" + abbreviate(part) + "'");
                }
                int high = Character.digit(part.charAt(i + 1), 16);
                int low = Character.digit(part.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("bad percent-encoding in '" + abbreviate(part) + "'");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("non-ASCII character in a node id part: percent-encode it");
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
