package dev.pedigree.graph;

import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntComparator;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * provenance cache of the HTTP API).
 *
 * <p>Memory: 94–96 bytes of heap per node with its edges on the bench's graphs of 1M and 10M nodes
 * (docs/BENCHMARKS-scale.md), and a bit per node for each walk running at once (its {@link VisitedMarks}). The ids
 * are bytes in a {@link NodeDictionary}; everything else is arrays indexed by node or edge number, in pages
 * ({@link IntPages}): per node its first-seen time and its last edge each way, per edge its two ends, kind,
 * first-seen time and the previous edge of each end. Whether an edge exists already is found along the chains of
 * its two ends, not in a map of all edges.
 */
public final class GraphIndex {

    /**
     * The Streams setting that hands an instance's index to the topology's processors (the graph store's updater,
     * which keeps it, and the dataset processor, whose alerts walk it), as a {@code RocksDBConfigSetter} is handed
     * over: the topology is built from topics and settings alone, and the running instance supplies the index.
     */
    public static final String CONFIG = "pedigree.graph.index";

    /** The index in {@code appConfigs} under {@link #CONFIG}; an {@link IllegalStateException} when none is. */
    public static GraphIndex from(java.util.Map<String, Object> appConfigs) {
        if (appConfigs.get(CONFIG) instanceof GraphIndex index) {
            return index;
        }
        throw new IllegalStateException("no graph index in the Streams settings under '" + CONFIG
                + "'; PedigreeProcessor and the test fixture put one there");
    }


    private static final Logger log = LoggerFactory.getLogger(GraphIndex.class);
    private static final StringSerializer KEYS = new StringSerializer();
    private static final int NONE = -1;
    private static final EdgeKind[] EDGE_KINDS = EdgeKind.values();
    /** A walk's collections start this large (or as large as its node budget): no regrowing on most walks. */
    private static final int EXPECTED_NODES = 1_024;
    /**
     * Up to this many edges of a node one way are chained in the order of their other ends' ids ({@link #link}); a
     * node with more has them sorted once, in {@link #sortedEdges}.
     */
    private static final int SORTED_ABOVE = 8;
    /** Walks running at once; more wait for one to finish (see {@link VisitedMarks.Pool}). */
    private static final int CONCURRENT_WALKS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final AtomicLong writes = new AtomicLong();
    /** Told the id of every node whose record is written, after the store holds it (see {@link #onNodeWritten}). */
    private final List<Consumer<String>> nodeListeners = new CopyOnWriteArrayList<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final VisitedMarks.Pool visitedMarks = new VisitedMarks.Pool(CONCURRENT_WALKS);
    /**
     * The edges of nodes with many, one way, sorted by the other end's id (key: node number × 2, plus 1 for out-edges):
     * made by the first walk through such a node, dropped when it gains an edge that way. A hub is sorted once, not
     * on every walk that reaches it.
     */
    private final Map<Long, int[]> sortedEdges = new ConcurrentHashMap<>();
    private boolean loaded;

    // Nodes, by number.
    private final NodeDictionary names = new NodeDictionary();
    /**
     * Since when the node exists: its own store entry's first-seen time if it has one (see {@link #hasRecord}), else
     * the earliest first-seen time of its edges, either way; {@code Long.MAX_VALUE} while it has neither.
     */
    private final LongPages since = new LongPages();
    /** One bit per node: whether it has a store entry of its own (a job or a model may be known by edges alone). */
    private final LongPages hasRecord = new LongPages();
    private final IntPages lastIn = new IntPages();
    private final IntPages lastOut = new IntPages();

    // Edges, by number; each is chained to the previous edge of its two ends.
    private int edgeCount;
    private final IntPages from = new IntPages();
    private final IntPages to = new IntPages();
    private final BytePages edgeKinds = new BytePages();
    private final LongPages edgeFirstSeen = new LongPages();
    private final IntPages previousIn = new IntPages();
    private final IntPages previousOut = new IntPages();
    /**
     * The labels of the few edges that have one (a DERIVED edge's run and transformation), by edge number: the
     * earliest edge's, as for its kind. A walk copies those of the edges it followed.
     */
    private final Int2ObjectOpenHashMap<EdgeLabel> labels = new Int2ObjectOpenHashMap<>();
    /**
     * Each label once: a run derives hundreds of columns with a few transformations, and every edge decoded from the
     * store brings its own copies of the strings (150 bytes an edge, where the map's entry is 11).
     */
    private final Map<EdgeLabel, EdgeLabel> distinctLabels = new HashMap<>();

    /** A DERIVED edge's run and transformation. */
    public record EdgeLabel(String runId, String transformation) {

        static EdgeLabel of(Edge edge) {
            return edge.getRunId() == null && edge.getTransformation() == null ? null
                    : new EdgeLabel(edge.getRunId(), edge.getTransformation());
        }

        /**
         * Whether {@code candidate} replaces the record of its edge first seen at {@code firstSeen} with
         * {@code label}: the earlier one; at the same time, the one from the smaller run id. So the result does not
         * depend on the order of arrival.
         */
        static boolean replaces(Edge candidate, long firstSeen, EdgeLabel label) {
            if (candidate.getFirstSeen() != firstSeen) {
                return candidate.getFirstSeen() < firstSeen;
            }
            String runId = label == null ? null : label.runId();
            return candidate.getRunId() != null && (runId == null || candidate.getRunId().compareTo(runId) < 0);
        }
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

    /**
     * Called by the graph store's updater with each entry it writes (the merged value), after the store holds it;
     * tells the {@link #onNodeWritten} listeners of a node's record.
     */
    public void apply(GraphEntry entry) {
        lock.writeLock().lock();
        try {
            merge(entry);
        } finally {
            lock.writeLock().unlock();
        }
        writes.incrementAndGet();
        if (entry != null && entry.getNode() != null) {
            for (Consumer<String> listener : nodeListeners) {
                listener.accept(entry.getNode().getId());
            }
        }
    }

    /**
     * Tells {@code listener} the id of every node whose record (its details) is written from now on, once the store
     * holds the new record: what keeps a node's details elsewhere (e.g. encoded for the HTTP API) drops them then.
     */
    public void onNodeWritten(Consumer<String> listener) {
        nodeListeners.add(listener);
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
        log.info("Graph index: {} nodes and {} edges in memory, loaded in {} ms", names.size(), edgeCount,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Breadth-first from {@code starts} (each at the depth given), following edges first seen at or before
     * {@code asOf} in {@code direction}, within {@code limits}. A node's in-edges are followed before its out-edges,
     * each in the order of the other end's id, so every instance answers alike. Starts that did not exist as of
     * {@code asOf} are left out; truncated when a budget left something unreached.
     */
    public Walk walk(Map<String, Integer> starts, Direction direction, TraversalLimits limits, long asOf) {
        return walk(starts, direction, limits, asOf, Walk.Parts.NODES_AND_EDGES);
    }

    /**
     * As {@link #walk(Map, Direction, TraversalLimits, long)}, keeping the {@code parts} asked for: a walk for the nodes
     * alone neither keeps nor copies the edges it follows.
     */
    public Walk walk(Map<String, Integer> starts, Direction direction, TraversalLimits limits, long asOf,
            Walk.Parts parts) {
        // Marks first: a walk waiting for some does not hold the read lock, so it does not hold up the writer.
        VisitedMarks visited = visitedMarks.take();
        try {
            lock.readLock().lock();
            try {
                visited.reset(names.size());
                return new Walker(direction, limits, asOf, parts, visited).walk(starts);
            } catch (RuntimeException | Error e) {
                visited.unmarkAll();
                throw e;
            } finally {
                lock.readLock().unlock();
            }
        } finally {
            visitedMarks.giveBack(visited);
        }
    }

    /**
     * Up to {@code limit} edges of node {@code id} in {@code direction}, first seen at or before {@code asOf}: its
     * in-edges, then its out-edges, each in the order of the other end's id (as a walk follows them); none for a node
     * the index does not know.
     */
    public List<Edge> edges(String id, Direction direction, long asOf, int limit) {
        lock.readLock().lock();
        try {
            int number = names.find(id);
            if (number == NONE) {
                return List.of();
            }
            NodeEdges visible = new NodeEdges(direction, asOf);
            visible.of(number);
            List<Edge> edges = new ArrayList<>(Math.min(visible.count, limit));
            NodeDictionary.View ids = names.view();
            for (int i = 0; i < visible.count && edges.size() < limit; i++) {
                edges.add(edge(visible.numbers[i], ids));
            }
            return edges;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Merges an edge the graph topic brought, as {@link #apply} does, and says whether it changed the graph: the index
     * had no edge between its ends, or this one {@link EdgeLabel#replaces} the one it had. The graph store's updater
     * writes only those, so an edge reported again (by another writer, or replayed) costs no store read or write.
     */
    public boolean applyEdge(Edge edge) {
        boolean changed;
        lock.writeLock().lock();
        try {
            changed = mergeEdge(edge);
        } finally {
            lock.writeLock().unlock();
        }
        if (changed) {
            writes.incrementAndGet();
        }
        return changed;
    }

    /**
     * Since when the node existed as of {@code asOf}: its own record's first-seen time, or for a node known only
     * through its edges (jobs, models) the earliest of those; {@code Long.MAX_VALUE} if it did not exist then.
     */
    public long existsSince(String id, long asOf) {
        lock.readLock().lock();
        try {
            int number = names.find(id);
            return number == NONE ? Long.MAX_VALUE : existsSince(number, asOf);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Whether the index holds a record of node {@code id}. The graph store holds nothing the index was not given
     * ({@link #apply}, {@link #load}), so {@code false} means the store holds no record of it either.
     */
    public boolean hasRecord(String id) {
        lock.readLock().lock();
        try {
            int number = names.find(id);
            return number != NONE && hasRecord(number);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void merge(GraphEntry entry) {
        if (entry == null) {
            return;
        }
        if (entry.getNode() != null) {
            Node node = entry.getNode();
            int number = number(node.getId(), node.getKind());
            if (hasRecord(number)) {
                since.set(number, Math.min(since.get(number), node.getFirstSeen()));
            } else {
                // Since its record, from now on: its edges' times counted only while it had none.
                since.set(number, node.getFirstSeen());
                hasRecord.set(number / Long.SIZE, hasRecord.get(number / Long.SIZE) | 1L << number);
            }
        } else if (entry.getEdge() != null) {
            mergeEdge(entry.getEdge());
        }
    }

    /** Adds the edge, or replaces the one between the same ends with it; whether either happened. */
    private boolean mergeEdge(Edge edge) {
        int f = number(edge.getFrom(), null);
        int t = number(edge.getTo(), null);
        edgeSeen(f, edge.getFirstSeen());
        edgeSeen(t, edge.getFirstSeen());
        int existing = find(f, t);
        if (existing != NONE) {
            if (!EdgeLabel.replaces(edge, edgeFirstSeen.get(existing), labels.get(existing))) {
                return false;
            }
            edgeFirstSeen.set(existing, edge.getFirstSeen());
            edgeKinds.set(existing, (byte) edge.getKind().ordinal());
            label(existing, EdgeLabel.of(edge));
            return true;
        }
        int number = edgeCount;
        from.set(number, f);
        to.set(number, t);
        edgeKinds.set(number, (byte) edge.getKind().ordinal());
        edgeFirstSeen.set(number, edge.getFirstSeen());
        link(f, number, lastOut, previousOut, to);
        link(t, number, lastIn, previousIn, from);
        edgeCount++;
        label(number, EdgeLabel.of(edge));
        forgetSorted(f, true);
        forgetSorted(t, false);
        return true;
    }

    /** Edge {@code number} as the store keeps it: its ends' ids, kind, first-seen time and label. */
    private Edge edge(int number, NodeDictionary.View ids) {
        EdgeLabel label = labels.get(number);
        return new Edge(ids.id(from.get(number)), ids.id(to.get(number)), EDGE_KINDS[edgeKinds.get(number)],
                edgeFirstSeen.get(number), label == null ? null : label.runId(),
                label == null ? null : label.transformation());
    }

    /**
     * Chains edge {@code edge} to {@code node}'s edges one way ({@code otherEnds}: the index's array of their other
     * ends). Up to {@link #SORTED_ABOVE} edges are chained in the order of the other ends' ids, so a walk follows them
     * as they are, with no sort; past that, the new edge goes first, and the first walk through the node sorts them
     * once ({@link #sortedEdges}).
     */
    private void link(int node, int edge, IntPages last, IntPages previous, IntPages otherEnds) {
        int first = last.get(node);
        if (first == NONE || more(first, previous, SORTED_ABOVE - 1)) {
            previous.set(edge, first);
            last.set(node, edge);
            return;
        }
        IntComparator byId = names.view().byId(otherEnds::get);
        int before = NONE;
        int after = first;
        while (after != NONE && byId.compare(after, edge) < 0) {
            before = after;
            after = previous.get(after);
        }
        previous.set(edge, after);
        if (before == NONE) {
            last.set(node, edge);
        } else {
            previous.set(before, edge);
        }
    }

    /** A node without a record of its own exists since its earliest edge. */
    private void edgeSeen(int number, long firstSeen) {
        if (!hasRecord(number)) {
            since.set(number, Math.min(since.get(number), firstSeen));
        }
    }

    /**
     * The number of the edge from {@code f} to {@code t}, or {@link #NONE}: a step along each of the two chains in
     * turn, so the search ends with the shorter (a new run's in-edges, not the hub version's thousand out-edges).
     */
    private int find(int f, int t) {
        int out = lastOut.get(f);
        int in = lastIn.get(t);
        while (out != NONE && in != NONE) {
            if (to.get(out) == t) {
                return out;
            }
            if (from.get(in) == f) {
                return in;
            }
            out = previousOut.get(out);
            in = previousIn.get(in);
        }
        return NONE;
    }

    private void label(int edge, EdgeLabel label) {
        if (label == null) {
            labels.remove(edge);
        } else {
            labels.put(edge, distinctLabels.computeIfAbsent(label, Function.identity()));
        }
    }

    /** The node gained an edge one way: a sorted list of its edges that way no longer holds them all. */
    private void forgetSorted(int number, boolean out) {
        if (!sortedEdges.isEmpty()) {
            sortedEdges.remove(sortedKey(number, out));
        }
    }

    private boolean hasRecord(int number) {
        return (hasRecord.get(number / Long.SIZE) & (1L << number)) != 0;
    }

    /** The node's number, numbering it if new; {@code kind} null: from its id. */
    private int number(String id, NodeKind kind) {
        int known = names.size();
        int number = names.number(id, kind);
        if (number < known) {
            return number;
        }
        since.set(number, Long.MAX_VALUE);
        if (number % Long.SIZE == 0) {
            hasRecord.set(number / Long.SIZE, 0L); // a new word of bits: none set
        }
        lastIn.set(number, NONE);
        lastOut.set(number, NONE);
        return number;
    }

    /** Since when the node existed as of {@code asOf}; {@code Long.MAX_VALUE} if it did not exist then. */
    private long existsSince(int number, long asOf) {
        long existed = since.get(number);
        return existed <= asOf ? existed : Long.MAX_VALUE;
    }

    /** All of the node's edges one way (in-edges: {@code out} false), sorted by the other end's id; read-locked. */
    private int[] sortedEdges(int number, boolean out) {
        return sortedEdges.computeIfAbsent(sortedKey(number, out), key -> {
            int first = out ? lastOut.get(number) : lastIn.get(number);
            IntPages previous = out ? previousOut : previousIn;
            int count = 0;
            for (int e = first; e != NONE; e = previous.get(e)) {
                count++;
            }
            int[] edges = new int[count];
            count = 0;
            for (int e = first; e != NONE; e = previous.get(e)) {
                edges[count++] = e;
            }
            names.view().sorter().sort(edges, 0, count, (out ? to : from)::get);
            return edges;
        });
    }

    /** Whether the chain of edges from {@code first} holds more than {@code limit}. */
    private static boolean more(int first, IntPages previous, int limit) {
        int count = 0;
        for (int e = first; e != NONE; e = previous.get(e)) {
            if (++count > limit) {
                return true;
            }
        }
        return false;
    }

    private static long sortedKey(int number, boolean out) {
        return ((long) number << 1) | (out ? 1 : 0);
    }

    /** One walk's state; used under the read lock, which keeps the index's arrays as they are. */
    private final class Walker {

        private final Direction direction;
        private final TraversalLimits limits;
        private final long asOf;
        private final boolean keepsEdges;
        private final VisitedMarks visited;
        private final IntOpenHashSet followedSet = new IntOpenHashSet();
        private boolean truncated;
        // What the walk reached, in order, with depths and first-seen times; the edges it followed.
        private int size;
        private int[] order;
        private int[] depths;
        private long[] since;
        private int followedCount;
        private int[] followed;
        // The current node's edges, in the order they are followed.
        private final NodeEdges edges;
        // The index's arrays, read directly: a walk reads them thousands of times.
        private final NodeDictionary.View namesNow = names.view();

        Walker(Direction direction, TraversalLimits limits, long asOf, Walk.Parts parts, VisitedMarks visited) {
            this.direction = direction;
            this.limits = limits;
            this.asOf = asOf;
            this.keepsEdges = parts == Walk.Parts.NODES_AND_EDGES;
            this.visited = visited;
            this.edges = new NodeEdges(direction, asOf);
            int expected = Math.min(limits.maxNodes(), EXPECTED_NODES);
            order = new int[expected];
            depths = new int[expected];
            since = new long[expected];
            followed = new int[expected];
        }

        Walk walk(Map<String, Integer> starts) {
            List<Map.Entry<String, Integer>> sorted = new ArrayList<>(starts.entrySet());
            if (sorted.size() > 1) {
                sorted.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
            }
            for (Map.Entry<String, Integer> start : sorted) {
                int number = names.find(start.getKey());
                if (number != NONE && size < limits.maxNodes()) {
                    long firstSeen = existsSince(number, asOf);
                    if (firstSeen != Long.MAX_VALUE) {
                        visited.add(number);
                        reach(number, start.getValue(), firstSeen);
                    }
                }
            }
            truncated = size < starts.size() && size == limits.maxNodes();
            int maxDepth = limits.maxDepth();
            int maxNodes = limits.maxNodes();
            for (int head = 0; head < size && !truncated; head++) {
                int current = order[head];
                int depth = depths[head];
                edges.of(current);
                for (int i = 0; i < edges.count && !truncated; i++) {
                    int edge = edges.numbers[i];
                    int f = from.get(edge);
                    int next = f == current ? to.get(edge) : f;
                    if (depth >= maxDepth) {
                        // Not followed: truncated if that leaves something unreached.
                        truncated = !visited.contains(next);
                    } else if (size >= maxNodes && !visited.contains(next)) {
                        truncated = true;
                    } else {
                        if (visited.add(next)) {
                            reach(next, depth + 1, reachedSince(next, edge));
                        }
                        // One direction meets each edge once; both directions meet an edge from both ends.
                        if (keepsEdges && (direction != Direction.BOTH || followedSet.add(edge))) {
                            follow(edge);
                        }
                    }
                }
            }
            return answer();
        }

        /** The walk's answer: over the index's append-only arrays, with what a merge may change copied. */
        private Walk answer() {
            visited.unmark(order, size);
            boolean[] stored = new boolean[size];
            for (int i = 0; i < size; i++) {
                stored[i] = hasRecord(order[i]) && GraphIndex.this.since.get(order[i]) <= asOf;
            }
            int[] followedKinds = new int[followedCount];
            long[] followedSince = new long[followedCount];
            EdgeLabel[] followedLabels = labels.isEmpty() ? null : new EdgeLabel[followedCount];
            for (int i = 0; i < followedCount; i++) {
                followedKinds[i] = edgeKinds.get(followed[i]);
                followedSince[i] = edgeFirstSeen.get(followed[i]);
                if (followedLabels != null) {
                    followedLabels[i] = labels.get(followed[i]);
                }
            }
            Walk.Shape shape = new Walk.Shape(namesNow, from.pages(), to.pages());
            return new Walk(shape, size, order, depths, since, stored, followedCount, followed,
                    new Walk.EdgeCopies(followedKinds, followedSince, followedLabels), truncated);
        }

        /**
         * Since when a node reached through {@code edge} existed: its record's time if the record existed then; for
         * a node known only through edges, its earliest edge's; else (its record came later) the edge's.
         */
        private long reachedSince(int number, int edge) {
            long existed = GraphIndex.this.since.get(number);
            if (existed <= asOf) {
                return existed;
            }
            return hasRecord(number) ? edgeFirstSeen.get(edge) : Long.MAX_VALUE;
        }

        /** Adds a node the walk has just marked visited. */
        private void reach(int number, int depth, long firstSeen) {
            if (size == order.length) {
                int larger = size * 2;
                order = Arrays.copyOf(order, larger);
                depths = Arrays.copyOf(depths, larger);
                since = Arrays.copyOf(since, larger);
            }
            order[size] = number;
            depths[size] = depth;
            since[size] = firstSeen;
            size++;
        }

        private void follow(int edge) {
            if (followedCount == followed.length) {
                followed = Arrays.copyOf(followed, followedCount * 2);
            }
            followed[followedCount++] = edge;
        }
    }

    /**
     * One node's edges visible as of a time, one way or both, in the order a walk follows them: in-edges, then
     * out-edges, each in the order of the other ends' ids (the order of the store's keys). Reused node after node by a
     * walk; used under the read lock.
     */
    private final class NodeEdges {

        private final Direction direction;
        private final long asOf;
        private int count;
        private int[] numbers = new int[16];

        NodeEdges(Direction direction, long asOf) {
            this.direction = direction;
            this.asOf = asOf;
        }

        /** Fills {@link #numbers}: the node's visible in-edges, then its out-edges, each sorted by the other end. */
        void of(int number) {
            count = 0;
            if (direction != Direction.DOWNSTREAM) {
                add(number, false, lastIn, previousIn);
            }
            if (direction != Direction.UPSTREAM) {
                add(number, true, lastOut, previousOut);
            }
        }

        /**
         * Adds the node's visible edges one way (the index's arrays for that way), in the order of the other ends' ids:
         * as chained ({@link #link}) if they are few, else as {@link #sortedEdges} keeps them.
         */
        private void add(int number, boolean out, IntPages last, IntPages previous) {
            if (more(last.get(number), previous, SORTED_ABOVE)) {
                for (int edge : sortedEdges(number, out)) {
                    addVisible(edge);
                }
                return;
            }
            for (int e = last.get(number); e != NONE; e = previous.get(e)) {
                addVisible(e);
            }
        }

        private void addVisible(int edge) {
            if (edgeFirstSeen.get(edge) <= asOf) {
                if (count == numbers.length) {
                    numbers = Arrays.copyOf(numbers, count * 2);
                }
                numbers[count++] = edge;
            }
        }
    }
}
