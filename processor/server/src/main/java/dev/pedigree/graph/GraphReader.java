package dev.pedigree.graph;

import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the global graph store: nodes, edges, bounded traversals and a dataset's versions, all as of a time
 * (edges first seen after it do not exist yet). Edges and traversals come from the {@link GraphIndex} kept beside the
 * store; the store is read for the details of the nodes reached. Local reads only: the store is complete on every
 * instance.
 *
 * <p>Jobs and models have no stored node of their own (many partitions see them); they exist through their
 * edges and are first seen when their earliest edge was.
 */
public final class GraphReader {

    /** "Now": every edge ever seen. */
    public static final long LATEST = Long.MAX_VALUE;

    private final ReadOnlyKeyValueStore<String, GraphEntry> store;
    private final GraphIndex index;

    /** @param index the shape of {@code store}, kept beside it by the store's updater */
    public GraphReader(ReadOnlyKeyValueStore<String, GraphEntry> store, GraphIndex index) {
        this.store = store;
        this.index = index;
    }

    /** The node with this (canonical) id as of {@code asOf}, if it existed then. */
    public Optional<Node> node(String id, long asOf) {
        GraphEntry entry = store.get(GraphKeys.node(id));
        if (entry != null && entry.getNode() != null) {
            return entry.getNode().getFirstSeen() <= asOf ? Optional.of(entry.getNode()) : Optional.empty();
        }
        long firstEdge = index.existsSince(id, asOf);
        if (firstEdge == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new Node(id, NodeIds.kindOf(id), firstEdge, null));
    }

    /** The node's own record in the store (with its details), if it has one: jobs and models have none. */
    public Optional<Node> record(String id) {
        GraphEntry entry = store.get(GraphKeys.node(id));
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.getNode());
    }

    /**
     * Up to {@code limit} edges of a node in a direction, first seen at or before {@code asOf}: in-edges, then
     * out-edges, each in the order of the other end's id. From the index, which holds every edge with its kind, time
     * and label.
     */
    public List<Edge> edges(String id, Direction direction, long asOf, int limit) {
        return index.edges(id, direction, asOf, limit);
    }

    /** Edges of one kind into {@code id}, e.g. the runs that produced a version. */
    public List<Edge> inEdges(String id, EdgeKind kind, long asOf) {
        return edges(id, Direction.UPSTREAM, asOf, Integer.MAX_VALUE).stream()
                .filter(edge -> edge.getKind() == kind).toList();
    }

    /**
     * Breadth-first from {@code start}, following edges in {@code direction}, within {@code limits}; cycles and
     * self-loops are visited once.
     */
    public Subgraph traverse(String start, Direction direction, TraversalLimits limits, long asOf) {
        return traverse(Map.of(start, 0), direction, limits, asOf);
    }

    /**
     * Breadth-first from several nodes at once, each starting at the depth given (e.g. a prediction's model
     * version and features at depth 1); starts that do not exist as of {@code asOf} are left out. The walk is
     * done in the {@link GraphIndex}; the store is read for the details of the nodes reached.
     */
    public Subgraph traverse(Map<String, Integer> starts, Direction direction, TraversalLimits limits, long asOf) {
        Walk walk = index.walk(starts, direction, limits, asOf);
        List<Subgraph.Reached> nodes = new ArrayList<>(walk.size());
        for (int i = 0; i < walk.size(); i++) {
            GraphEntry entry = walk.stored(i) ? store.get(GraphKeys.node(walk.id(i))) : null;
            Node node = entry != null && entry.getNode() != null ? entry.getNode()
                    : new Node(walk.id(i), walk.kind(i), walk.firstSeen(i), null);
            nodes.add(new Subgraph.Reached(node, walk.depth(i)));
        }
        return new Subgraph(nodes, walk.edges(), walk.truncated());
    }

    /**
     * The nodes and edges {@link #traverse} reaches, without reading any node's details: the index alone (what a
     * recursive query over an edge table computes).
     */
    public Walk reach(String start, Direction direction, TraversalLimits limits, long asOf) {
        return reach(start, direction, limits, asOf, Walk.Parts.NODES_AND_EDGES);
    }

    /** As {@link #reach(String, Direction, TraversalLimits, long)}, keeping the {@code parts} asked for. */
    public Walk reach(String start, Direction direction, TraversalLimits limits, long asOf, Walk.Parts parts) {
        return index.walk(Map.of(start, 0), direction, limits, asOf, parts);
    }

    /** Every version of a dataset seen at or before {@code asOf}, oldest first. */
    public List<Node> datasetVersions(String namespace, String name, long asOf) {
        String dataset = NodeIds.dataset(namespace, name);
        List<Node> versions = new ArrayList<>();
        for (Edge edge : edges(dataset, Direction.DOWNSTREAM, asOf, Integer.MAX_VALUE)) {
            if (edge.getKind() == EdgeKind.HAS_VERSION) {
                node(edge.getTo(), asOf).ifPresent(versions::add);
            }
        }
        versions.sort(Comparator.comparingLong(Node::getFirstSeen).thenComparing(Node::getId));
        return versions;
    }
}
