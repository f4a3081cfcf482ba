package dev.pedigree.graph;

import dev.pedigree.graph.store.DatasetRef;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.graph.store.RunDetail;
import dev.pedigree.graph.store.UsageStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything downstream of a node — runs, dataset versions, model versions — and, per model version, how many
 * predictions it served (in all, and while reading the node itself as a feature when the node is a dataset
 * version) with first and last time. Usage counts are read in at most two batches: the counts of the model
 * versions the graph reaches (with the readers of the feature version), then the counts of readers the graph
 * does not reach.
 */
public final class Impact {

    /** Predictions counted, with the first and last of their times (epoch millis). */
    public record Served(long count, long first, long last) {
        public static Served of(UsageStats stats) {
            return stats == null ? null : new Served(stats.getCount(), stats.getFirst(), stats.getLast());
        }
    }

    /**
     * Usage counts by usage key, and the model versions whose predictions read a feature version, each with how
     * many did.
     */
    public record Usage(Map<String, Served> counts, Map<String, Served> featureReaders) {
    }

    /** Reads usage counts wherever their partitions live. */
    public interface UsageSource {
        /**
         * @param keys usage-store keys ({@link UsageKeys})
         * @param featureVersion a dataset version whose readers to list as well, or null
         */
        Usage read(Collection<String> keys, String featureVersion);
    }

    /** One affected model version and its predictions. */
    public record AffectedModel(Node modelVersion, Served served, Served servedReadingThisVersion) {
    }

    /**
     * The impact of one node. From a column: {@code fields} are the columns derived from it, and
     * {@code conservativeRuns} the runs counted because they read its dataset without naming the columns they read.
     */
    public record Result(Node node, List<Node> runs, List<Node> datasetVersions, List<AffectedModel> modelVersions,
            boolean truncated, List<Node> fields, List<String> conservativeRuns) {
    }

    /** What an impact lists of the nodes it reached: runs, dataset versions, model versions (by id). */
    private record Reached(List<Node> runs, List<Node> versions, Map<String, Node> models) {

        static Reached of(Collection<Node> nodes) {
            Reached reached = new Reached(new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
            for (Node node : nodes) {
                switch (node.getKind()) {
                    case RUN -> reached.runs().add(node);
                    case DATASET_VERSION -> reached.versions().add(node);
                    case MODEL_VERSION -> reached.models().put(node.getId(), node);
                    default -> { }
                }
            }
            return reached;
        }
    }

    private Impact() {
    }

    public static Optional<Result> of(GraphReader graph, String nodeId, TraversalLimits limits, long asOf,
            UsageSource usage) {
        Optional<Node> start = graph.node(nodeId, asOf);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        if (start.get().getKind() == NodeKind.DATASET_FIELD) {
            return Optional.of(ofField(graph, start.get(), limits, asOf, usage));
        }
        Subgraph downstream = graph.traverse(nodeId, Direction.DOWNSTREAM, limits, asOf);
        Reached reached = Reached.of(downstream.nodes().stream().filter(r -> r.depth() > 0)
                .map(Subgraph.Reached::node).toList());
        List<Node> runs = reached.runs();
        List<Node> versions = reached.versions();
        Map<String, Node> reachedModels = reached.models();
        boolean isVersion = start.get().getKind() == NodeKind.DATASET_VERSION;
        Usage counted = usage.read(reachedModels.keySet().stream().map(UsageKeys::modelVersion).toList(),
                isVersion ? nodeId : null);
        // Models that read this version only as a feature at serving time are affected too.
        List<String> readersOnly = counted.featureReaders().keySet().stream()
                .filter(modelVersion -> !reachedModels.containsKey(modelVersion)).sorted().toList();
        Map<String, Served> counts = new HashMap<>(counted.counts());
        if (!readersOnly.isEmpty()) {
            counts.putAll(usage.read(readersOnly.stream().map(UsageKeys::modelVersion).toList(), null).counts());
        }
        List<AffectedModel> models = new ArrayList<>();
        reachedModels.forEach((id, node) -> models.add(new AffectedModel(node, counts.get(UsageKeys.modelVersion(id)),
                isVersion ? counted.featureReaders().get(id) : null)));
        for (String modelVersion : readersOnly) {
            Node node = graph.node(modelVersion, asOf)
                    .orElseGet(() -> new Node(modelVersion, NodeKind.MODEL_VERSION, 0L, null));
            models.add(new AffectedModel(node, counts.get(UsageKeys.modelVersion(modelVersion)),
                    counted.featureReaders().get(modelVersion)));
        }
        return Optional.of(new Result(start.get(), runs, versions, models, downstream.truncated(), List.of(),
                List.of()));
    }

    /**
     * A column's impact: the columns derived from it (DERIVED edges, as deep as the limits allow), the runs that read
     * one of those columns — a run that names the columns it read counts only if they include one, a run that names
     * none counts too, conservatively, and is listed as such — and everything downstream of those runs.
     */
    private static Result ofField(GraphReader graph, Node start, TraversalLimits limits, long asOf,
            UsageSource usage) {
        Subgraph derived = graph.traverse(start.getId(), Direction.DOWNSTREAM, limits, asOf);
        List<Node> fields = new ArrayList<>();
        Map<String, Integer> readers = new LinkedHashMap<>();
        Set<String> conservative = new TreeSet<>();
        boolean truncated = derived.truncated();
        TraversalLimits toReaders = new TraversalLimits(2, limits.maxNodes());
        for (Subgraph.Reached reached : derived.nodes()) {
            if (reached.node().getKind() != NodeKind.DATASET_FIELD) {
                continue;
            }
            if (reached.depth() > 0) {
                fields.add(reached.node());
            }
            List<String> column = NodeIds.parse(reached.node().getId()).parts();
            // Runs read a dataset's versions (dataset → version → run), or the dataset itself when unhashed.
            Subgraph reading = graph.traverse(NodeIds.dataset(column.get(0), column.get(1)), Direction.DOWNSTREAM,
                    toReaders, asOf);
            truncated |= reading.truncated();
            for (Subgraph.Reached candidate : reading.nodes()) {
                if (candidate.node().getKind() == NodeKind.RUN) {
                    switch (readColumn(candidate.node(), column.get(0), column.get(1), column.get(2))) {
                        case NAMED -> readers.put(candidate.node().getId(), 0);
                        case UNSAID -> {
                            readers.put(candidate.node().getId(), 0);
                            conservative.add(candidate.node().getId());
                        }
                        default -> { }
                    }
                }
            }
        }
        // The runs' outputs: where a run's column lineage goes on into an output, its readers were found above
        // through the derived columns; an output without it is followed at dataset level, conservatively.
        Set<String> lineageInto = new HashSet<>();
        for (Edge edge : derived.edges()) {
            if (edge.getKind() == EdgeKind.DERIVED && edge.getRunId() != null) {
                List<String> column = NodeIds.parse(edge.getTo()).parts();
                lineageInto.add(NodeIds.run(edge.getRunId()) + " " + NodeIds.dataset(column.get(0), column.get(1)));
            }
        }
        Map<String, Node> affected = new LinkedHashMap<>();
        Map<String, Integer> followOn = new LinkedHashMap<>();
        if (!readers.isEmpty()) {
            Subgraph outputs = graph.traverse(readers, Direction.DOWNSTREAM, new TraversalLimits(1,
                    limits.maxNodes()), asOf);
            truncated |= outputs.truncated();
            outputs.nodes().forEach(reached -> affected.put(reached.node().getId(), reached.node()));
            for (Edge edge : outputs.edges()) {
                Node written = affected.get(edge.getTo());
                if (written != null && !lineageInto.contains(edge.getFrom() + " " + datasetOf(written))) {
                    followOn.put(edge.getTo(), 0);
                }
            }
        }
        if (!followOn.isEmpty()) {
            Subgraph beyond = graph.traverse(followOn, Direction.DOWNSTREAM, limits, asOf);
            truncated |= beyond.truncated();
            beyond.nodes().forEach(reached -> affected.putIfAbsent(reached.node().getId(), reached.node()));
        }
        Reached reached = Reached.of(affected.values());
        List<Node> runs = reached.runs();
        List<Node> versions = reached.versions();
        Map<String, Node> reachedModels = reached.models();
        Map<String, Served> counts = reachedModels.isEmpty() ? Map.of()
                : usage.read(reachedModels.keySet().stream().map(UsageKeys::modelVersion).toList(), null).counts();
        List<AffectedModel> models = new ArrayList<>();
        reachedModels.forEach((id, node) -> models.add(new AffectedModel(node, counts.get(UsageKeys.modelVersion(id)),
                null)));
        return new Result(start, runs, versions, models, truncated, fields, List.copyOf(conservative));
    }

    private enum ColumnRead { NAMED, UNSAID, NOT_READ }

    /** The dataset node of a dataset version (or of an unhashed dataset, itself). */
    private static String datasetOf(Node node) {
        List<String> parts = NodeIds.parse(node.getId()).parts();
        return node.getKind() == NodeKind.DATASET_VERSION || node.getKind() == NodeKind.DATASET
                ? NodeIds.dataset(parts.get(0), parts.get(1)) : node.getId();
    }

    /** Whether the run read the column: it named it, it named no column of that dataset, or it named others. */
    private static ColumnRead readColumn(Node run, String namespace, String name, String field) {
        if (!(run.getDetail() instanceof RunDetail detail)) {
            return ColumnRead.UNSAID;
        }
        ColumnRead read = ColumnRead.NOT_READ;
        for (DatasetRef input : detail.getInputs()) {
            if (input.getNamespace().equals(namespace) && input.getName().equals(name)) {
                if (input.getFields().contains(field)) {
                    return ColumnRead.NAMED;
                }
                if (input.getFields().isEmpty()) {
                    read = ColumnRead.UNSAID;
                }
            }
        }
        return read;
    }
}
