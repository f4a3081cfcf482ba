package dev.pedigree.bench;

import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the graph index grows with the graph. For each size, a fresh {@link GraphIndex} is given the nodes and edges
 * that the topology writes for the bench's chains (as the graph store's updater gives them on a restore), then its
 * heap, its load time and its walks are measured. There is no broker or RocksDB here: this is the index alone,
 * which every instance keeps in heap for the whole graph.
 */
final class GraphScaleBench {

    private static final Logger log = LoggerFactory.getLogger(GraphScaleBench.class);
    /** Heap a node is assumed to need while the index is built, to skip the sizes that cannot fit. */
    private static final long BUILD_BYTES_PER_NODE = 250;
    private static final int DEPTH = 20;

    /** One size's figures. */
    record Point(long nodes, double loadSeconds, long heapBytes, Latencies downstream) {
    }

    private final Results results;
    private final Charts charts;
    private final Repeat repeat;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    GraphScaleBench(Results results, Charts charts, Repeat repeat) {
        this.results = results;
        this.charts = charts;
        this.repeat = repeat;
    }

    /** Measures an index of about each of {@code sizes} nodes: chains of {@code steps} runs, as the bench's. */
    void run(List<Long> sizes, int steps, int hubChains, long seed) throws Exception {
        List<Point> points = new ArrayList<>();
        for (long size : sizes) {
            int chains = (int) Math.max(hubChains, size / (3L * steps));
            Workload workload = new Workload(seed, "scale", chains, steps, hubChains);
            long free = Runtime.getRuntime().maxMemory() - usedAfterGc();
            if (workload.nodes() * BUILD_BYTES_PER_NODE > free) {
                String needs = String.format(Locale.ROOT, "%,d nodes skipped: about %,d MiB of heap needed, %,d MiB "
                        + "free; run with a larger -Xmx in JAVA_OPTS", workload.nodes(),
                        workload.nodes() * BUILD_BYTES_PER_NODE >> 20, free >> 20);
                log.warn("Graph scale: {}", needs);
                results.setup("scale", needs);
                continue;
            }
            points.add(measure(workload, steps));
        }
        if (!points.isEmpty()) {
            charts.growth(points);
        }
    }

    private Point measure(Workload workload, int steps) throws Exception {
        // The only reference to the index, so that it can be let go to measure its heap.
        AtomicReference<GraphIndex> held = new AtomicReference<>(new GraphIndex());
        long[] edges = new long[1];
        long[] applying = new long[1];
        feed(workload, entry -> {
            long before = System.nanoTime();
            held.get().apply(entry);
            applying[0] += System.nanoTime() - before;
            if (entry.getEdge() != null) {
                edges[0]++;
            }
        });
        // The index's own time: making the entries (the workload's hashes and records) is left out.
        double seconds = applying[0] / 1e9;
        long nodes = workload.nodes();
        log.info("Graph scale: index of {} nodes built ({} s in the index); walking from the hub", nodes,
                String.format(Locale.ROOT, "%.1f", seconds));
        String hub = workload.hubId();
        TraversalLimits limits = new TraversalLimits(DEPTH, 100_000);
        Latencies downstream = repeat.of(() -> Bench.readAll(held.get().walk(Map.of(hub, 0), Direction.DOWNSTREAM,
                limits, GraphReader.LATEST)));
        int reached = held.get().walk(Map.of(hub, 0), Direction.DOWNSTREAM, limits, GraphReader.LATEST).size();
        // The index's heap: what a full GC keeps while it is reachable, less what it keeps once it is not.
        long withIndex = usedAfterGc();
        held.set(null);
        long heap = withIndex - usedAfterGc();
        String size = String.format(Locale.ROOT, "%,d nodes and %,d edges (%,d chains of %d runs)", nodes, edges[0],
                workload.runs() / steps, steps);
        results.add("scale", "graph index heap per node with its edges, " + size,
                String.format(Locale.ROOT, "%.0f B/node (%,d MiB)", heap / (double) nodes, heap >> 20),
                "goal ≤ 100 B/node", Results.ratio(heap / (double) nodes, 100), "heap used after a full GC with "
                        + "the index, less after one without it", Results.Numbers.of(heap / (double) nodes, 100,
                        "B/node"));
        results.add("scale", "graph index load, " + size, Results.number((nodes + edges[0]) / seconds,
                "entries/s") + String.format(Locale.ROOT, " (%.1f s)", seconds), "-", "-",
                "time in GraphIndex.apply alone: every node and edge entry, one write lock each, as the graph store's "
                        + "updater applies them (decoding them from the store on a restore is not counted)",
                Results.Numbers.of((nodes + edges[0]) / seconds, "entries/s"));
        results.add("scale", String.format(Locale.ROOT, "walk downstream of the hub, depth %d (%,d nodes reached), "
                + "%s", DEPTH, reached, size), downstream.summary(), "-", "-", "the index alone: ids and depths "
                + "read out of the answer, as the traversal benchmark's walk", Results.Numbers.latency(downstream));
        Point point = new Point(nodes, seconds, heap, downstream);
        log.info("Graph scale: {} in {} MiB, loaded in {} s, walk {}", size, heap >> 20,
                String.format(Locale.ROOT, "%.1f", seconds), downstream.summary());
        return point;
    }

    /** The graph entries the topology writes for {@code workload}'s sources and runs. */
    static void feed(Workload workload, Consumer<GraphEntry> sink) {
        workload.sources(source -> version(source.getDataset(), source.getContentHash(),
                source.getEventTime().toEpochMilli(), sink));
        workload.runs(run -> {
            long time = run.getEventTime().toEpochMilli();
            String runNode = NodeIds.run(run.getRunId());
            sink.accept(new GraphEntry(new Node(runNode, NodeKind.RUN, time, null), null));
            sink.accept(edge(NodeIds.job(run.getJob().getNamespace(), run.getJob().getName()), runNode,
                    EdgeKind.RAN, time));
            for (DatasetHash input : run.getInputs()) {
                sink.accept(edge(Workload.id(input), runNode, EdgeKind.READ_BY, time));
            }
            for (DatasetHash output : run.getOutputs()) {
                version(output.getDataset(), output.getContentHash(), time, sink);
                sink.accept(edge(runNode, Workload.id(output), EdgeKind.PRODUCED, time));
            }
        });
    }

    private static void version(DatasetId dataset, String contentHash, long time, Consumer<GraphEntry> sink) {
        String datasetNode = NodeIds.dataset(dataset.getNamespace(), dataset.getName());
        String versionNode = NodeIds.datasetVersion(dataset.getNamespace(), dataset.getName(), contentHash);
        sink.accept(new GraphEntry(new Node(datasetNode, NodeKind.DATASET, time, null), null));
        sink.accept(new GraphEntry(new Node(versionNode, NodeKind.DATASET_VERSION, time, null), null));
        sink.accept(edge(datasetNode, versionNode, EdgeKind.HAS_VERSION, time));
    }

    private static GraphEntry edge(String from, String to, EdgeKind kind, long time) {
        return new GraphEntry(null, new Edge(from, to, kind, time, null, null));
    }

    private long usedAfterGc() {
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
