package dev.pedigree.graph;

/**
 * The key layout of the global graph store and of the graph topic, in one place. Node ids never contain
 * {@code |} or {@code #} (they are percent-encoded), so both are safe separators.
 *
 * <ul>
 *   <li>store {@code N|id}: the node; {@code O|from|to}: the edge, once (the {@link GraphIndex} answers for both
 *       directions and is loaded from these keys);</li>
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
    /**
     * The prefix of the in-edge keys earlier builds wrote beside each out-edge ({@code I|to|from}); only dropped now,
     * by the store's updater, from a store kept across the upgrade.
     */
    public static final String OLD_IN_EDGES = "I|";

    public static String node(String id) {
        return NODES + id;
    }

    public static String out(String from, String to) {
        return OUT_EDGES + from + "|" + to;
    }

    public static String nodeTopicKey(String id, String writer) {
        return "N|" + id + "#" + writer;
    }

    public static String edgeTopicKey(String from, String to, String writer) {
        return "E|" + from + "|" + to + "#" + writer;
    }
}
