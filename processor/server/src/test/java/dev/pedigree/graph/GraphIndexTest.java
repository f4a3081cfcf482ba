package dev.pedigree.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

class GraphIndexTest {

    private static final long SEED = 20261124L;

    @Test
    void writesInAnyOrderAndALoadOfTheStoreWalkAsAScanOfTheStoreDoesWithOrWithoutItsEdges() {
        Random random = new Random(SEED);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(i % 3 == 0 ? NodeIds.job("ns", "job-" + i) : i % 3 == 1 ? NodeIds.run("run-" + i)
                    : NodeIds.datasetVersion("ns", "d" + i, "sha256:" + Integer.toHexString(i).repeat(8)));
        }
        List<GraphEntry> writes = new ArrayList<>();
        TreeMapGraphStore store = new TreeMapGraphStore();
        Map<String, Edge> earliest = new LinkedHashMap<>();
        for (int i = 0; i < 700; i++) {
            // Repeated pairs with other times: the merge keeps the earliest, as the store does.
            Edge edge = new Edge(ids.get(random.nextInt(ids.size())), ids.get(random.nextInt(ids.size())),
                    EdgeKind.READ_BY, 1L + random.nextInt(1_000), null, null);
            writes.add(new GraphEntry(null, edge));
            earliest.merge(edge.getFrom() + "|" + edge.getTo(), edge,
                    (a, b) -> a.getFirstSeen() <= b.getFirstSeen() ? a : b);
        }
        earliest.values().forEach(e -> store.edge(e.getFrom(), e.getTo(), e.getKind(), e.getFirstSeen()));
        for (String id : ids.subList(0, 60)) {
            if (NodeIds.kindOf(id) != NodeKind.JOB) {
                Node node = new Node(id, NodeIds.kindOf(id), 1L + random.nextInt(1_000), null);
                writes.add(new GraphEntry(node, null));
                store.node(node);
            }
        }

        GraphIndex inOrder = new GraphIndex();
        writes.forEach(inOrder::apply);
        List<GraphEntry> shuffled = new ArrayList<>(writes);
        Collections.shuffle(shuffled, random);
        GraphIndex shuffledTwice = new GraphIndex();
        shuffled.forEach(shuffledTwice::apply);
        shuffled.forEach(shuffledTwice::apply);
        GraphIndex loaded = GraphIndex.of(store);

        int walks = 0;
        for (int i = 0; i < 40; i++) {
            String start = ids.get(random.nextInt(ids.size()));
            for (Direction direction : Direction.values()) {
                for (long asOf : new long[] {GraphReader.LATEST, 500}) {
                    TraversalLimits limits = new TraversalLimits(1 + random.nextInt(6), 1 + random.nextInt(120));
                    Answer expected = scan(store, start, direction, limits, asOf);
                    assertThat(answer(inOrder.walk(Map.of(start, 0), direction, limits, asOf)))
                            .as("%s %s %s as of %d", start, direction, limits, asOf).isEqualTo(expected);
                    assertThat(answer(shuffledTwice.walk(Map.of(start, 0), direction, limits, asOf)))
                            .isEqualTo(expected);
                    assertThat(answer(loaded.walk(Map.of(start, 0), direction, limits, asOf))).isEqualTo(expected);
                    assertThat(answer(inOrder.walk(Map.of(start, 0), direction, limits, asOf, Walk.Parts.NODES)))
                            .as("the nodes alone").isEqualTo(new Answer(expected.nodes(), List.of(),
                                    expected.truncated()));
                    List<Edge> ownEdges = edges(store, start, direction, asOf);
                    assertThat(loaded.edges(start, direction, asOf, Integer.MAX_VALUE))
                            .as("%s's edges %s as of %d", start, direction, asOf).isEqualTo(ownEdges);
                    assertThat(shuffledTwice.edges(start, direction, asOf, limits.maxNodes()))
                            .isEqualTo(ownEdges.subList(0, Math.min(ownEdges.size(), limits.maxNodes())));
                    walks += expected.nodes().size() > 1 ? 1 : 0;
                }
            }
        }
        assertThat(walks).as("walks that went somewhere").isGreaterThan(100);
    }

    @Test
    void aHotNodeWalksAsAScanOfTheStoreDoes() {
        // Hundreds of edges each way, cut by small budgets.
        Random random = new Random(SEED);
        String hub = NodeIds.datasetVersion("ns", "hub", "sha256:" + "f".repeat(64));
        TreeMapGraphStore store = new TreeMapGraphStore();
        GraphIndex index = new GraphIndex();
        for (int i = 0; i < 300; i++) {
            String run = NodeIds.run("run-" + random.nextInt(1_000_000));
            long time = 1L + random.nextInt(1_000);
            Edge edge = i % 3 == 0 ? new Edge(run, hub, EdgeKind.PRODUCED, time, null, null)
                    : new Edge(hub, run, EdgeKind.READ_BY, time, null, null);
            if (store.get(GraphKeys.out(edge.getFrom(), edge.getTo())) == null) {
                store.edge(edge.getFrom(), edge.getTo(), edge.getKind(), edge.getFirstSeen());
                index.apply(new GraphEntry(null, edge));
            }
        }
        for (Direction direction : Direction.values()) {
            for (long asOf : new long[] {GraphReader.LATEST, 500}) {
                for (int budget : new int[] {1, 10, 60, 1_000}) {
                    TraversalLimits limits = new TraversalLimits(2, budget);
                    assertThat(answer(index.walk(Map.of(hub, 0), direction, limits, asOf)))
                            .as("%s %s as of %d", direction, limits, asOf)
                            .isEqualTo(scan(store, hub, direction, limits, asOf));
                    List<Edge> hubEdges = edges(store, hub, direction, asOf);
                    assertThat(index.edges(hub, direction, asOf, budget)).as("the hub's edges, %d at most", budget)
                            .isEqualTo(hubEdges.subList(0, Math.min(hubEdges.size(), budget)));
                }
            }
        }
    }

    @Test
    void anEdgeKeepsItsEarliestTimeWhicheverWriteCameFirst() {
        String from = NodeIds.run("a");
        String to = NodeIds.datasetVersion("ns", "b", "sha256:" + "b".repeat(64));
        GraphIndex index = new GraphIndex();
        index.apply(new GraphEntry(null, new Edge(from, to, EdgeKind.PRODUCED, 10L, null, null)));
        index.apply(new GraphEntry(null, new Edge(from, to, EdgeKind.PRODUCED, 5L, null, null)));
        index.apply(new GraphEntry(null, new Edge(from, to, EdgeKind.PRODUCED, 20L, null, null)));
        Walk asOf7 = index.walk(Map.of(from, 0), Direction.DOWNSTREAM, TraversalLimits.DEFAULT, 7);
        assertThat(asOf7.nodes()).extracting(Walk.Reached::id).containsExactly(from, to);
        assertThat(asOf7.edges()).extracting(Edge::getFirstSeen).containsExactly(5L);
        assertThat(asOf7.nodes().get(0).firstSeen()).as("a run without a record exists since its first edge")
                .isEqualTo(5);
        assertThat(index.walk(Map.of(from, 0), Direction.DOWNSTREAM, TraversalLimits.DEFAULT, 4).nodes())
                .as("before its first edge the run did not exist").isEmpty();
        assertThat(index.writes()).isEqualTo(3);
    }

    @Test
    void aWalkKeepsItsAnswerWhileTheIndexGrowsAndMerges() {
        String run = NodeIds.run("r");
        String input = NodeIds.datasetVersion("ns", "in", "sha256:" + "a".repeat(64));
        String output = NodeIds.datasetVersion("ns", "out", "sha256:" + "b".repeat(64));
        GraphIndex index = new GraphIndex();
        index.apply(new GraphEntry(null, new Edge(input, run, EdgeKind.READ_BY, 20L, null, null)));
        index.apply(new GraphEntry(null, new Edge(run, output, EdgeKind.PRODUCED, 30L, null, null)));
        Walk walk = index.walk(Map.of(input, 0), Direction.DOWNSTREAM, TraversalLimits.DEFAULT,
                GraphReader.LATEST);
        Answer before = answer(walk);

        // An earlier time for both edges, then enough nodes and edges to move every array of the index.
        index.apply(new GraphEntry(null, new Edge(input, run, EdgeKind.READ_BY, 5L, null, null)));
        index.apply(new GraphEntry(null, new Edge(run, output, EdgeKind.PRODUCED, 6L, null, null)));
        for (int i = 0; i < 5_000; i++) {
            index.apply(new GraphEntry(null, new Edge(output, NodeIds.run("later-" + i), EdgeKind.READ_BY, 40L, null, null)));
        }

        assertThat(answer(walk)).isEqualTo(before);
        assertThat(before.nodes()).extracting(Walk.Reached::id).containsExactly(input, run, output);
        assertThat(before.edges()).extracting(Edge::getFirstSeen).containsExactly(20L, 30L);
        assertThat(answer(index.walk(Map.of(input, 0), Direction.DOWNSTREAM, new TraversalLimits(2, 10),
                GraphReader.LATEST)).edges()).extracting(Edge::getFirstSeen).containsExactly(5L, 6L);
    }

    @Test
    void aHubGainingAnEdgeAfterAWalkShowsItInTheNextWalkInItsPlace() {
        String hub = NodeIds.datasetVersion("ns", "hub", "sha256:" + "c".repeat(64));
        GraphIndex index = new GraphIndex();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 20; i += 2) {
            runs.add(NodeIds.run("r" + (char) ('a' + i)));
            index.apply(new GraphEntry(null, new Edge(hub, runs.get(runs.size() - 1), EdgeKind.READ_BY, 10L + i, null, null)));
        }
        TraversalLimits oneHop = new TraversalLimits(1, 100);
        assertThat(index.walk(Map.of(hub, 0), Direction.DOWNSTREAM, oneHop, GraphReader.LATEST).size())
                .isEqualTo(11);

        String between = NodeIds.run("rb");
        index.apply(new GraphEntry(null, new Edge(hub, between, EdgeKind.READ_BY, 5L, null, null)));

        List<String> expected = new ArrayList<>(runs);
        expected.add(between);
        Collections.sort(expected);
        expected.add(0, hub);
        assertThat(answer(index.walk(Map.of(hub, 0), Direction.DOWNSTREAM, oneHop, GraphReader.LATEST)).nodes())
                .extracting(Walk.Reached::id).containsExactlyElementsOf(expected);
        assertThat(answer(index.walk(Map.of(hub, 0), Direction.DOWNSTREAM, oneHop, 12L)).nodes())
                .extracting(Walk.Reached::id).containsExactly(hub, runs.get(0), between, runs.get(1));
    }

    @Test
    void walksAtTheSameTimeAsEachOtherAndAsWritesAnswerAsAWalkAlone() throws Exception {
        GraphIndex index = new GraphIndex();
        String hub = NodeIds.datasetVersion("ns", "hub", "sha256:" + "d".repeat(64));
        for (int chain = 0; chain < 30; chain++) {
            String previous = hub;
            for (int step = 0; step < 5; step++) {
                String run = NodeIds.run("c" + chain + "s" + step);
                String output = NodeIds.datasetVersion("ns", "c" + chain + "s" + step, "sha256:" + "e".repeat(64));
                index.apply(new GraphEntry(null, new Edge(previous, run, EdgeKind.READ_BY, 1L, null, null)));
                index.apply(new GraphEntry(null, new Edge(run, output, EdgeKind.PRODUCED, 1L, null, null)));
                previous = output;
            }
        }
        TraversalLimits limits = new TraversalLimits(10, 1_000);
        Answer alone = answer(index.walk(Map.of(hub, 0), Direction.BOTH, limits, GraphReader.LATEST));
        assertThat(alone.nodes()).hasSize(301);

        // More walkers than the index lets run at once, and a writer growing another part of the graph meanwhile.
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            Future<?> writer = threads.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    index.apply(new GraphEntry(null, new Edge(NodeIds.run("other-" + i),
                            NodeIds.datasetVersion("ns", "other-" + i, "sha256:" + "f".repeat(64)),
                            EdgeKind.PRODUCED, 1L, null, null)));
                }
            });
            List<Future<Answer>> walks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                walks.add(threads.submit(() -> answer(index.walk(Map.of(hub, 0), Direction.BOTH, limits,
                        GraphReader.LATEST))));
            }
            writer.get(1, TimeUnit.MINUTES);
            for (Future<Answer> walk : walks) {
                assertThat(walk.get(1, TimeUnit.MINUTES)).isEqualTo(alone);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The walk as defined by reading the store at every hop (a prefix scan per node, in key order): what the index
     * must answer.
     */
    private static Answer scan(TreeMapGraphStore store, String start, Direction direction,
            TraversalLimits limits, long asOf) {
        Map<String, Walk.Reached> reached = new LinkedHashMap<>();
        Map<String, Edge> followed = new LinkedHashMap<>();
        long since = existsSince(store, start, asOf);
        if (since == Long.MAX_VALUE) {
            return new Answer(List.of(), List.of(), false);
        }
        reached.put(start, reachedNode(store, start, 0, since, asOf));
        List<String> queue = new ArrayList<>(List.of(start));
        boolean truncated = false;
        for (int head = 0; head < queue.size() && !truncated; head++) {
            String current = queue.get(head);
            int depth = reached.get(current).depth();
            for (Edge edge : edges(store, current, direction, asOf)) {
                String next = edge.getFrom().equals(current) ? edge.getTo() : edge.getFrom();
                if (depth >= limits.maxDepth()) {
                    truncated = !reached.containsKey(next);
                } else if (!reached.containsKey(next) && reached.size() >= limits.maxNodes()) {
                    truncated = true;
                } else {
                    if (!reached.containsKey(next)) {
                        GraphEntry own = store.get(GraphKeys.node(next));
                        long firstSeen = own == null ? existsSince(store, next, asOf)
                                : own.getNode().getFirstSeen() <= asOf ? own.getNode().getFirstSeen()
                                : edge.getFirstSeen();
                        reached.put(next, reachedNode(store, next, depth + 1, firstSeen, asOf));
                        queue.add(next);
                    }
                    followed.putIfAbsent(edge.getFrom() + "|" + edge.getTo(), edge);
                }
                if (truncated) {
                    break;
                }
            }
        }
        return new Answer(List.copyOf(reached.values()), List.copyOf(followed.values()), truncated);
    }

    /** A walk's answer as records, to compare. */
    private record Answer(List<Walk.Reached> nodes, List<Edge> edges, boolean truncated) {
    }

    private static Answer answer(Walk walk) {
        return new Answer(walk.nodes(), walk.edges(), walk.truncated());
    }

    private static Walk.Reached reachedNode(TreeMapGraphStore store, String id, int depth, long firstSeen,
            long asOf) {
        GraphEntry own = store.get(GraphKeys.node(id));
        return new Walk.Reached(id, NodeIds.kindOf(id), depth, firstSeen,
                own != null && own.getNode().getFirstSeen() <= asOf);
    }

    private static long existsSince(TreeMapGraphStore store, String id, long asOf) {
        GraphEntry own = store.get(GraphKeys.node(id));
        if (own != null) {
            return own.getNode().getFirstSeen() <= asOf ? own.getNode().getFirstSeen() : Long.MAX_VALUE;
        }
        return edges(store, id, Direction.BOTH, asOf).stream().mapToLong(Edge::getFirstSeen).min()
                .orElse(Long.MAX_VALUE);
    }

    /** The node's edges as the store holds them: its in-edges by their source's id, then its out-edges by key. */
    private static List<Edge> edges(TreeMapGraphStore store, String id, Direction direction, long asOf) {
        List<Edge> in = new ArrayList<>();
        List<Edge> out = new ArrayList<>();
        try (KeyValueIterator<String, GraphEntry> it = store.prefixScan(GraphKeys.OUT_EDGES, new StringSerializer())) {
            it.forEachRemaining(entry -> {
                Edge edge = entry.value.getEdge();
                if (edge.getFirstSeen() <= asOf && edge.getTo().equals(id)) {
                    in.add(edge);
                }
                if (edge.getFirstSeen() <= asOf && edge.getFrom().equals(id)) {
                    out.add(edge);
                }
            });
        }
        in.sort(Comparator.comparing(Edge::getFrom));
        List<Edge> edges = new ArrayList<>();
        if (direction != Direction.DOWNSTREAM) {
            edges.addAll(in);
        }
        if (direction != Direction.UPSTREAM) {
            edges.addAll(out);
        }
        return edges;
    }
}
