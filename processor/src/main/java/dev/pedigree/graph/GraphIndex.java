package dev.pedigree.graph;

import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of this instance's global graph store in memory: every node id numbered once, every edge with its kind
 * and first-seen time, chained per node in both directions. Traversals walk these arrays instead of a RocksDB
 * prefix scan and an Avro decode per hop; node details stay in the store and are read only for the nodes an answer
 * shows.
 *
 * <p>The graph store's updater tells it of every write, and loads it from the store when it starts (a store kept
 * from an earlier run). Both are merges whose result does not depend on their order (the earliest first-seen time
 * wins, graph entries are never deleted), so the load and the writes of a restoration may overlap. One writer (the
 * global stream thread) and any number of readers, under a read-write lock.
 *
 * <p>It also counts the writes, so that answers computed from the graph can be reused until the graph changes (the
 * provenance cache of the HTTP API). Memory: about 250 bytes of heap per node with its edges (354 MiB for 1.53M nodes
 * and 2M edges).
 */
public final class GraphIndex {

    private static final Logger log = LoggerFactory.getLogger(GraphIndex.class);
    private static final StringSerializer KEYS = new StringSerializer();
    private static final NodeKind[] NODE_KINDS = NodeKind.values();
    private static final EdgeKind[] EDGE_KINDS = EdgeKind.values();
    private static final int NONE = -1;
    /** A walk's collections start this large (or as large as its node budget): no regrowing on most walks. */
    private static final int EXPECTED_NODES = 1_024;

    private final AtomicLong writes = new AtomicLong();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean loaded;

    // Nodes, by number.
    private final Object2IntOpenHashMap<String> numbers = new Object2IntOpenHashMap<>();
    private final ObjectArrayList<String> ids = new ObjectArrayList<>();
    private final IntArrayList nodeKinds = new IntArrayList();
    /** First-seen time of the node's own store entry; {@code Long.MAX_VALUE} while only edges name it. */
    private final LongArrayList storedFirstSeen = new LongArrayList();
    private final IntArrayList lastIn = new IntArrayList();
    private final IntArrayList lastOut = new IntArrayList();

    // Edges, by number; each is chained to the previous edge of its two ends.
    private final Long2IntOpenHashMap edgeNumbers = new Long2IntOpenHashMap();
    private final IntArrayList from = new IntArrayList();
    private final IntArrayList to = new IntArrayList();
    private final IntArrayList edgeKinds = new IntArrayList();
    private final LongArrayList edgeFirstSeen = new LongArrayList();
    private final IntArrayList previousIn = new IntArrayList();
    private final IntArrayList previousOut = new IntArrayList();

    public GraphIndex() {
        numbers.defaultReturnValue(NONE);
        edgeNumbers.defaultReturnValue(NONE);
    }

    /** An index of what {@code store} holds now. */
    public static GraphIndex of(ReadOnlyKeyValueStore<String, GraphEntry> store) {
        GraphIndex index = new GraphIndex();
        index.load(store);
        return index;
    }

    /** The number of writes so far; read it before reading the graph, to label what is read. */
    public long writes() {
        return writes.get();
    }

    /** Called by the graph store's updater with each entry it writes (the merged value). */
    public void apply(GraphEntry entry) {
        lock.writeLock().lock();
        try {
            merge(entry);
        } finally {
            lock.writeLock().unlock();
        }
        writes.incrementAndGet();
    }

    /**
     * Adds every node and edge of {@code store} (what a store kept from an earlier run holds), the first time it is
     * called: Kafka Streams starts one updater to restore the store and another to follow the topic, and every write
     * after the first load comes through {@link #apply}.
     */
    public void load(ReadOnlyKeyValueStore<String, GraphEntry> store) {
        long started = System.nanoTime();
        lock.writeLock().lock();
        try {
            if (loaded) {
                return;
            }
            loaded = true;
            for (String prefix : List.of(GraphKeys.NODES, GraphKeys.OUT_EDGES)) {
                try (KeyValueIterator<String, GraphEntry> entries = store.prefixScan(prefix, KEYS)) {
                    entries.forEachRemaining(entry -> merge(entry.value));
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        writes.incrementAndGet();
        log.info("Graph index: {} nodes and {} edges in memory, loaded in {} ms", ids.size(), from.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Breadth-first from {@code starts} (each at the depth given), following edges first seen at or before
     * {@code asOf} in {@code direction}, within {@code limits}. A node's in-edges are followed before its out-edges,
     * each in the order of the other end's id, so every instance answers alike. Starts that did not exist as of
     * {@code asOf} are left out; truncated when a budget left something unreached.
     */
    public Walk walk(Map<String, Integer> starts, Direction direction, TraversalLimits limits, long asOf) {
        lock.readLock().lock();
        try {
            return new Walker(direction, limits, asOf).walk(starts);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Since when the node existed as of {@code asOf}: its own record's first-seen time, or for a node known only
     * through its edges (jobs, models) the earliest of those; {@code Long.MAX_VALUE} if it did not exist then.
     */
    public long existsSince(String id, long asOf) {
        lock.readLock().lock();
        try {
            int number = numbers.getInt(id);
            return number == NONE ? Long.MAX_VALUE : existsSince(number, asOf);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** What a walk reached, in order, and the edges it followed. */
    public record Walk(List<Reached> nodes, List<Edge> edges, boolean truncated) {
    }

    /**
     * A node reached: {@code stored} when its store entry existed as of the walk's time (read it for the details),
     * otherwise {@code firstSeen} is that of the edges that make it exist.
     */
    public record Reached(String id, NodeKind kind, int depth, long firstSeen, boolean stored) {
    }

    private void merge(GraphEntry entry) {
        if (entry == null) {
            return;
        }
        if (entry.getNode() != null) {
            Node node = entry.getNode();
            int number = number(node.getId(), node.getKind());
            storedFirstSeen.set(number, Math.min(storedFirstSeen.getLong(number), node.getFirstSeen()));
        } else if (entry.getEdge() != null) {
            mergeEdge(entry.getEdge());
        }
    }

    private void mergeEdge(Edge edge) {
        int f = number(edge.getFrom(), null);
        int t = number(edge.getTo(), null);
        long pair = ((long) f << 32) | (t & 0xffffffffL);
        int existing = edgeNumbers.get(pair);
        if (existing != NONE) {
            if (edge.getFirstSeen() < edgeFirstSeen.getLong(existing)) {
                edgeFirstSeen.set(existing, edge.getFirstSeen());
                edgeKinds.set(existing, edge.getKind().ordinal());
            }
            return;
        }
        int number = from.size();
        edgeNumbers.put(pair, number);
        from.add(f);
        to.add(t);
        edgeKinds.add(edge.getKind().ordinal());
        edgeFirstSeen.add(edge.getFirstSeen());
        previousOut.add(lastOut.getInt(f));
        lastOut.set(f, number);
        previousIn.add(lastIn.getInt(t));
        lastIn.set(t, number);
    }

    /** The node's number, numbering it if new; {@code kind} null: from its id. */
    private int number(String id, NodeKind kind) {
        int number = numbers.getInt(id);
        if (number != NONE) {
            return number;
        }
        number = ids.size();
        numbers.put(id, number);
        ids.add(id);
        nodeKinds.add((kind != null ? kind : NodeIds.kindOf(id)).ordinal());
        storedFirstSeen.add(Long.MAX_VALUE);
        lastIn.add(NONE);
        lastOut.add(NONE);
        return number;
    }

    /** Whether the node has a record of its own, first seen at or before {@code asOf}. */
    private boolean storedVisible(int number, long asOf) {
        long stored = storedFirstSeen.getLong(number);
        return stored != Long.MAX_VALUE && stored <= asOf;
    }

    private long existsSince(int number, long asOf) {
        if (storedFirstSeen.getLong(number) != Long.MAX_VALUE) {
            return storedVisible(number, asOf) ? storedFirstSeen.getLong(number) : Long.MAX_VALUE;
        }
        return edgesSince(number, asOf);
    }

    /** The earliest first-seen time of the node's edges that existed as of {@code asOf}. */
    private long edgesSince(int number, long asOf) {
        long earliest = Long.MAX_VALUE;
        for (int e = lastIn.getInt(number); e != NONE; e = previousIn.getInt(e)) {
            earliest = edgeFirstSeen.getLong(e) <= asOf ? Math.min(earliest, edgeFirstSeen.getLong(e)) : earliest;
        }
        for (int e = lastOut.getInt(number); e != NONE; e = previousOut.getInt(e)) {
            earliest = edgeFirstSeen.getLong(e) <= asOf ? Math.min(earliest, edgeFirstSeen.getLong(e)) : earliest;
        }
        return earliest;
    }

    /** One walk's state; used under the read lock. */
    private final class Walker {

        private final Direction direction;
        private final TraversalLimits limits;
        private final long asOf;
        private final IntArrayList order;
        private final IntOpenHashSet visited;
        private final List<Reached> reached;
        private final IntOpenHashSet followedSet = new IntOpenHashSet();
        private final List<Edge> followed;
        private final IntArrayList edges = new IntArrayList();
        private boolean truncated;

        Walker(Direction direction, TraversalLimits limits, long asOf) {
            this.direction = direction;
            this.limits = limits;
            this.asOf = asOf;
            int expected = Math.min(limits.maxNodes(), EXPECTED_NODES);
            order = new IntArrayList(expected);
            visited = new IntOpenHashSet(expected);
            reached = new ArrayList<>(expected);
            followed = new ArrayList<>(expected);
        }

        Walk walk(Map<String, Integer> starts) {
            List<Map.Entry<String, Integer>> sorted = new ArrayList<>(starts.entrySet());
            if (sorted.size() > 1) {
                sorted.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
            }
            for (Map.Entry<String, Integer> start : sorted) {
                int number = numbers.getInt(start.getKey());
                if (number != NONE && order.size() < limits.maxNodes()) {
                    long firstSeen = existsSince(number, asOf);
                    if (firstSeen != Long.MAX_VALUE) {
                        reach(number, start.getValue(), firstSeen);
                    }
                }
            }
            truncated = order.size() < starts.size() && order.size() == limits.maxNodes();
            for (int head = 0; head < order.size() && !truncated; head++) {
                int current = order.getInt(head);
                int depth = reached.get(head).depth();
                edgesOf(current);
                for (int i = 0; i < edges.size() && !truncated; i++) {
                    int edge = edges.getInt(i);
                    int next = otherEnd(edge, current);
                    boolean unreached = !visited.contains(next);
                    if (depth >= limits.maxDepth()) {
                        // Not followed: truncated if that leaves something unreached.
                        truncated = unreached;
                    } else if (unreached && order.size() >= limits.maxNodes()) {
                        truncated = true;
                    } else {
                        if (unreached) {
                            reach(next, depth + 1, storedVisible(next, asOf) ? storedFirstSeen.getLong(next)
                                    : storedFirstSeen.getLong(next) == Long.MAX_VALUE ? edgesSince(next, asOf)
                                    : edgeFirstSeen.getLong(edge));
                        }
                        // One direction meets each edge once; both directions meet an edge from both ends.
                        if (direction != Direction.BOTH || followedSet.add(edge)) {
                            followed.add(new Edge(ids.get(from.getInt(edge)), ids.get(to.getInt(edge)),
                                    EDGE_KINDS[edgeKinds.getInt(edge)], edgeFirstSeen.getLong(edge)));
                        }
                    }
                }
            }
            return new Walk(reached, followed, truncated);
        }

        private void reach(int number, int depth, long firstSeen) {
            visited.add(number);
            order.add(number);
            reached.add(new Reached(ids.get(number), NODE_KINDS[nodeKinds.getInt(number)], depth, firstSeen,
                    storedVisible(number, asOf)));
        }

        /** Fills {@link #edges}: the node's visible in-edges, then its out-edges, each sorted by the other end. */
        private void edgesOf(int number) {
            edges.clear();
            if (direction != Direction.DOWNSTREAM) {
                for (int e = lastIn.getInt(number); e != NONE; e = previousIn.getInt(e)) {
                    if (visible(e)) {
                        edges.add(e);
                    }
                }
                sortByOtherEnd(0, from);
            }
            int outStart = edges.size();
            if (direction != Direction.UPSTREAM) {
                for (int e = lastOut.getInt(number); e != NONE; e = previousOut.getInt(e)) {
                    if (visible(e)) {
                        edges.add(e);
                    }
                }
                sortByOtherEnd(outStart, to);
            }
        }

        private void sortByOtherEnd(int start, IntArrayList otherEnds) {
            if (edges.size() - start > 1) {
                Comparator<String> byId = Comparator.naturalOrder();
                IntArrays.quickSort(edges.elements(), start, edges.size(),
                        (a, b) -> byId.compare(ids.get(otherEnds.getInt(a)), ids.get(otherEnds.getInt(b))));
            }
        }

        private boolean visible(int edge) {
            return edgeFirstSeen.getLong(edge) <= asOf;
        }

        private int otherEnd(int edge, int number) {
            return from.getInt(edge) == number ? to.getInt(edge) : from.getInt(edge);
        }
    }
}
