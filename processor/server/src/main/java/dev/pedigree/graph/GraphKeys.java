package dev.pedigree.graph;

/**
 * The key layout of the global graph store and of the graph topic, in one place. Node ids never contain
 * {@code |} or {@code #} (they are percent-encoded), so both are safe separators.
 *
 * <ul>
 *   <li>store {@code N|id}: the node; {@code O|from|to}: an out-edge; {@code I|to|from}: the same edge as an
 *       in-edge, so both directions are prefix scans;</li>
 *   <li>topic {@code N|id#writer}, {@code E|from|to#writer}: each writer (processor) owns its own key, so a
 *       compacted topic keeps every writer's latest value and the store merges them.</li>
 * </ul>
 */
public final class GraphKeys {

    private GraphKeys() {
    }

    /** The prefix of every node's key. */
    public static final String NODES = "N|";
    /** The prefix of every out-edge's key: each edge once. */
    public static final String OUT_EDGES = "O|";

    public static String node(String id) {
        return NODES + id;
    }

    public static String out(String from, String to) {
        return OUT_EDGES + from + "|" + to;
    }

    public static String in(String to, String from) {
        return "I|" + to + "|" + from;
    }

    /** The prefix of every out-edge of {@code from}. */
    public static String outPrefix(String from) {
        return OUT_EDGES + from + "|";
    }

    /** The prefix of every in-edge of {@code to}. */
    public static String inPrefix(String to) {
        return "I|" + to + "|";
    }

    /** The other end of an edge key found under {@link #outPrefix} or {@link #inPrefix}. */
    public static String otherEnd(String edgeKey) {
        return edgeKey.substring(edgeKey.lastIndexOf('|') + 1);
    }

    public static String nodeTopicKey(String id, String writer) {
        return "N|" + id + "#" + writer;
    }

    public static String edgeTopicKey(String from, String to, String writer) {
        return "E|" + from + "|" + to + "#" + writer;
    }
}
