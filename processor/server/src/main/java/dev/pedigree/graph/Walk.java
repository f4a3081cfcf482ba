package dev.pedigree.graph;

import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.NodeKind;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * What a walk of the {@link GraphIndex} reached, in order, and the edges it followed, as arrays (a walk of a
 * thousand nodes is a few arrays, not two thousand objects): node {@code i} of {@link #size()}, edge {@code i} of
 * {@link #edgeCount()}. Later writes to the index do not change it: it reads ids, kinds and edge ends through the
 * index's own pages, which are only ever appended to, and holds copies of what a merge may change (first-seen times,
 * edge kinds, whether a node had its record).
 */
public final class Walk {

    private static final EdgeKind[] EDGE_KINDS = EdgeKind.values();

    /** What a walk keeps: the nodes reached and the edges it followed, or the nodes alone (no edges, none copied). */
    public enum Parts {
        NODES_AND_EDGES,
        NODES
    }

    /** The index's arrays a walk reads through, as they were under its read lock: ids and kinds, edge ends. */
    record Shape(NodeDictionary.View names, int[][] from, int[][] to) {
    }

    /** What a merge may change of the edges followed, copied under the lock: kinds, times, labels (null: none). */
    record EdgeCopies(int[] kinds, long[] firstSeen, GraphIndex.EdgeLabel[] labels) {
    }

    private final Shape shape;
    private final int size;
    private final int[] nodes;
    private final int[] depths;
    private final long[] firstSeen;
    private final boolean[] stored;
    private final int edgeCount;
    private final int[] edges;
    private final int[] edgeKinds;
    private final long[] edgeFirstSeen;
    private final GraphIndex.EdgeLabel[] edgeLabels;
    private final boolean truncated;
    /** Each reached node's id, decoded from the index's bytes when first asked for. */
    private final String[] ids;
    /** Node number → its place in this walk, made when an edge is first asked for (both ends were reached). */
    private Int2IntOpenHashMap places;

    /** Made under the index's read lock: the first {@code size} node numbers and {@code edgeCount} edge numbers. */
    Walk(Shape shape, int size, int[] nodes, int[] depths, long[] firstSeen, boolean[] stored, int edgeCount,
            int[] edges, EdgeCopies copies, boolean truncated) {
        this.shape = shape;
        this.size = size;
        this.nodes = nodes;
        this.depths = depths;
        this.firstSeen = firstSeen;
        this.stored = stored;
        this.edgeCount = edgeCount;
        this.edges = edges;
        this.edgeKinds = copies.kinds();
        this.edgeFirstSeen = copies.firstSeen();
        this.edgeLabels = copies.labels();
        this.truncated = truncated;
        this.ids = new String[size];
    }

    /** A node of a walk, as a record. */
    public record Reached(String id, NodeKind kind, int depth, long firstSeen, boolean stored) {
    }

    /** The number of nodes reached. */
    public int size() {
        return size;
    }

    public String id(int node) {
        String id = ids[node];
        if (id == null) {
            id = shape.names().id(nodes[node]);
            ids[node] = id;
        }
        return id;
    }

    public NodeKind kind(int node) {
        return shape.names().kind(nodes[node]);
    }

    public int depth(int node) {
        return depths[node];
    }

    /** Since when the node existed, as of the walk's time (its record's, else its edges'). */
    public long firstSeen(int node) {
        return firstSeen[node];
    }

    /** Whether the node's store entry existed as of the walk's time: read it for the details. */
    public boolean stored(int node) {
        return stored[node];
    }

    public int edgeCount() {
        return edgeCount;
    }

    /** The edge as the graph store holds it (a new record). */
    public Edge edge(int edge) {
        GraphIndex.EdgeLabel label = edgeLabel(edge);
        return new Edge(id(edgeFrom(edge)), id(edgeTo(edge)), edgeKind(edge), edgeFirstSeen(edge),
                label == null ? null : label.runId(), label == null ? null : label.transformation());
    }

    /** The node the edge comes from, as a node of this walk (both ends of an edge followed were reached). */
    public int edgeFrom(int edge) {
        return place(IntPages.get(shape.from(), edges[edge]));
    }

    /** The node the edge goes to, as a node of this walk. */
    public int edgeTo(int edge) {
        return place(IntPages.get(shape.to(), edges[edge]));
    }

    public EdgeKind edgeKind(int edge) {
        return EDGE_KINDS[edgeKinds[edge]];
    }

    public long edgeFirstSeen(int edge) {
        return edgeFirstSeen[edge];
    }

    /** A DERIVED edge's run and transformation; null for an edge without them. */
    public GraphIndex.EdgeLabel edgeLabel(int edge) {
        return edgeLabels == null ? null : edgeLabels[edge];
    }

    private int place(int number) {
        if (places == null) {
            places = new Int2IntOpenHashMap(size);
            places.defaultReturnValue(-1);
            for (int i = 0; i < size; i++) {
                places.put(nodes[i], i);
            }
        }
        return places.get(number);
    }

    /** Whether a budget left something unreached. */
    public boolean truncated() {
        return truncated;
    }

    /** The nodes reached, as records. */
    public List<Reached> nodes() {
        List<Reached> reached = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            reached.add(new Reached(id(i), kind(i), depths[i], firstSeen[i], stored[i]));
        }
        return reached;
    }

    /** The edges followed, as the graph store's records. */
    public List<Edge> edges() {
        List<Edge> followed = new ArrayList<>(edgeCount);
        for (int i = 0; i < edgeCount; i++) {
            followed.add(edge(i));
        }
        return followed;
    }
}
