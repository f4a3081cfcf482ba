package dev.pedigree.graph;

import dev.pedigree.graph.NodeIds.ParsedId;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the global graph store: nodes, edges, bounded traversals and a dataset's versions, all as of a time
 * (edges first seen after it do not exist yet). Local reads only: the store is complete on every instance.
 *
 * <p>Jobs and models have no stored node of their own (many partitions see them); they exist through their
 * edges and are first seen when their earliest edge was.
 */
public final class GraphReader {

    /** "Now": every edge ever seen. */
    public static final long LATEST = Long.MAX_VALUE;

    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, GraphEntry> store;

    public GraphReader(ReadOnlyKeyValueStore<String, GraphEntry> store) {
        this.store = store;
    }

    /** The node with this (canonical) id as of {@code asOf}, if it existed then. */
    public Optional<Node> node(String id, long asOf) {
        GraphEntry entry = store.get(GraphKeys.node(id));
        if (entry != null && entry.getNode() != null) {
            return entry.getNode().getFirstSeen() <= asOf ? Optional.of(entry.getNode()) : Optional.empty();
        }
        long firstEdge = Long.MAX_VALUE;
        for (Edge edge : edges(id, Direction.BOTH, asOf, 1)) {
            firstEdge = Math.min(firstEdge, edge.getFirstSeen());
        }
        if (firstEdge == Long.MAX_VALUE) {
            return Optional.empty();
        }
        ParsedId parsed = NodeIds.parse(id);
        return Optional.of(new Node(id, parsed.kind(), firstEdge, null));
    }

    /** Up to {@code limit} edges of a node in a direction, first seen at or before {@code asOf}. */
    public List<Edge> edges(String id, Direction direction, long asOf, int limit) {
        List<Edge> edges = new ArrayList<>();
        if (direction != Direction.DOWNSTREAM) {
            scan(GraphKeys.inPrefix(id), asOf, limit, edges);
        }
        if (direction != Direction.UPSTREAM && edges.size() < limit) {
            scan(GraphKeys.outPrefix(id), asOf, limit, edges);
        }
        return edges;
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
     * version and features at depth 1); starts that do not exist as of {@code asOf} are left out.
     */
    public Subgraph traverse(Map<String, Integer> starts, Direction direction, TraversalLimits limits, long asOf) {
        Map<String, Subgraph.Reached> reached = new LinkedHashMap<>();
        Map<String, Edge> followed = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        starts.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(start ->
                node(start.getKey(), asOf).ifPresent(node -> {
                    if (reached.size() < limits.maxNodes()) {
                        reached.put(start.getKey(), new Subgraph.Reached(node, start.getValue()));
                        queue.add(start.getKey());
                    }
                }));
        boolean[] truncated = {reached.size() < starts.size() && reached.size() == limits.maxNodes()};
        while (!queue.isEmpty() && !truncated[0]) {
            String current = queue.poll();
            int depth = reached.get(current).depth();
            if (depth >= limits.maxDepth()) {
                // Not followed: truncated if that leaves something unreached.
                forEachEdge(current, direction, asOf, edge -> {
                    truncated[0] |= !reached.containsKey(otherEnd(edge, current));
                    return !truncated[0];
                });
                continue;
            }
            forEachEdge(current, direction, asOf, edge -> {
                String next = otherEnd(edge, current);
                if (!reached.containsKey(next)) {
                    if (reached.size() >= limits.maxNodes()) {
                        truncated[0] = true;
                        return false;
                    }
                    reached.put(next, new Subgraph.Reached(node(next, asOf).orElseGet(() ->
                            new Node(next, NodeIds.kindOf(next), edge.getFirstSeen(), null)), depth + 1));
                    queue.add(next);
                }
                followed.putIfAbsent(edge.getFrom() + "|" + edge.getTo(), edge);
                return true;
            });
        }
        return new Subgraph(List.copyOf(reached.values()), List.copyOf(followed.values()), truncated[0]);
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

    private static String otherEnd(Edge edge, String from) {
        return edge.getFrom().equals(from) ? edge.getTo() : edge.getFrom();
    }

    /** Visits a node's edges until {@code visitor} returns false, reading lazily and closing the store iterators. */
    private void forEachEdge(String id, Direction direction, long asOf, Predicate<Edge> visitor) {
        List<String> prefixes = new ArrayList<>(2);
        if (direction != Direction.DOWNSTREAM) {
            prefixes.add(GraphKeys.inPrefix(id));
        }
        if (direction != Direction.UPSTREAM) {
            prefixes.add(GraphKeys.outPrefix(id));
        }
        for (String prefix : prefixes) {
            try (KeyValueIterator<String, GraphEntry> it = store.prefixScan(prefix, KEYS)) {
                while (it.hasNext()) {
                    Edge edge = it.next().value.getEdge();
                    if (edge != null && edge.getFirstSeen() <= asOf && !visitor.test(edge)) {
                        return;
                    }
                }
            }
        }
    }

    private void scan(String prefix, long asOf, int limit, List<Edge> into) {
        try (KeyValueIterator<String, GraphEntry> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext() && into.size() < limit) {
                Edge edge = it.next().value.getEdge();
                if (edge != null && edge.getFirstSeen() <= asOf) {
                    into.add(edge);
                }
            }
        }
    }

}
