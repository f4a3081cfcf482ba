package dev.pedigree.connectors.hashing;

import dev.pedigree.connectors.profiling.BackgroundProfiler;
import dev.pedigree.connectors.profiling.ColumnProfiler;
import dev.pedigree.connectors.profiling.TextCell;
import dev.pedigree.events.ColumnProfile;
import dev.pedigree.schema.ContentHash;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A content hash of a CSV file that ignores row order and line endings but changes with any value.
 *
 * <p>Canonical form: the file is parsed as RFC 4180 CSV (quotes honoured, {@code \n} or {@code \r\n}). Each row's
 * fields are encoded as their UTF-8 length and bytes, and hashed with SHA-256. The row digests are added as
 * 256-bit numbers modulo 2<sup>256</sup> — a multiset hash, so order does not matter but duplicates and every cell
 * do. The canonical hash is SHA-256 of: the header row's digest, the row count (8 bytes) and that sum (32 bytes).
 * One pass, constant memory: files larger than memory are fine.
 *
 * <p>The schema fingerprint is SHA-256 of {@code name:type} per column, the type inferred from the values
 * ({@code long}, {@code double}, {@code boolean} or {@code string}; empty cells are ignored).
 */
public final class CsvCanonicalHash {

    private CsvCanonicalHash() {
    }

    /**
     * Hashes a CSV from {@code reader}, whose first row is the header; the caller closes the reader. The column
     * profiles are computed on a second thread while this one parses and hashes.
     */
    public static DatasetFingerprint of(Reader reader, String contentHash, long bytes) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        MessageDigest rowDigest = sha256();
        MultisetHash rowSum = new MultisetHash();
        long rows = 0;
        byte[] header = null;
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        BackgroundProfiler profiling = null;
        List<String> warnings = new ArrayList<>();
        try {
            // Not closed here: the caller owns the reader (and may still read from the stream under it).
            CSVParser parser = CSVParser.parse(reader, format);
            for (CSVRecord record : parser) {
                String[] values = record.values();
                byte[] digest = digestRow(rowDigest, values);
                if (header == null) {
                    header = digest;
                    columns.addAll(List.of(values));
                    columns.forEach(c -> types.add(null));
                    if (ColumnProfiler.fits(columns.size())) {
                        profiling = new BackgroundProfiler(columns);
                    } else {
                        warnings.add(columns.size() + " columns, more than the " + ColumnProfiler.MAX_COLUMNS
                                + " profiled: published without column profiles");
                    }
                    continue;
                }
                rowSum.addDigest(digest);
                rows++;
                if (profiling != null) {
                    profiling.addTextRow(values);
                    continue; // the profiler's types make the schema fingerprint below
                }
                for (int i = 0; i < Math.min(values.length, types.size()); i++) {
                    types.set(i, widen(types.get(i), values[i]));
                }
            }
            ColumnProfiler profiler = profiling == null ? null : profiling.finish();
            return fingerprint(contentHash, bytes, header, rows, rowSum, columns, types, profiler, warnings);
        } finally {
            if (profiling != null) {
                profiling.close();
            }
        }
    }

    private static DatasetFingerprint fingerprint(String contentHash, long bytes, byte[] header, long rows,
            MultisetHash rowSum, List<String> columns, List<String> types, ColumnProfiler profiler,
            List<String> warnings) {
        MessageDigest canonical = sha256();
        canonical.update(header == null ? new byte[32] : header);
        canonical.update(MultisetHash.longBytes(rows));
        canonical.update(rowSum.sum());
        List<ColumnProfile> profiles = profiler == null ? List.of() : profiler.profiles();
        for (int i = 0; i < profiles.size(); i++) {
            types.set(i, schemaType(profiles.get(i)));
        }
        StringBuilder schema = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            schema.append(i == 0 ? "" : ",").append(columns.get(i)).append(':')
                    .append(types.get(i) == null ? "string" : types.get(i));
        }
        if (profiler != null && profiler.raggedRows() > 0) {
            warnings.add(profiler.raggedRows() + " of " + rows + " rows have a different number of fields than the "
                    + "header (" + columns.size() + "): missing fields counted as nulls, extra ones left out");
        }
        return new DatasetFingerprint(contentHash, ContentHash.of(canonical.digest()),
                ContentHash.ofUtf8(schema.toString()), rows, bytes, profiles, List.copyOf(warnings));
    }

    /** The schema fingerprint's type of a profiled column: what {@link #widen} infers from the same values. */
    private static String schemaType(ColumnProfile profile) {
        if (profile.getCount() == 0) {
            return null;
        }
        return switch (profile.getType()) {
            case INTEGER -> "long";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            default -> "string";
        };
    }

    private static byte[] digestRow(MessageDigest digest, String[] fields) {
        digest.reset();
        byte[] length = new byte[8];
        for (String field : fields) {
            byte[] value = field.getBytes(StandardCharsets.UTF_8);
            long n = value.length;
            for (int i = 7; i >= 0; i--) {
                length[i] = (byte) n;
                n >>>= 8;
            }
            digest.update(length);
            digest.update(value);
        }
        return digest.digest();
    }

    /** The narrowest type that fits every value so far: long ⊂ double ⊂ string; boolean ⊂ string. */
    private static String widen(String current, String value) {
        if (value.isEmpty() || "string".equals(current)) {
            return current;
        }
        String type = TextCell.isLong(value) ? "long" : TextCell.isDouble(value) ? "double"
                : value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? "boolean" : "string";
        if (current == null || current.equals(type)) {
            return type;
        }
        if ((current.equals("long") && type.equals("double")) || (current.equals("double") && type.equals("long"))) {
            return "double";
        }
        return "string";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
