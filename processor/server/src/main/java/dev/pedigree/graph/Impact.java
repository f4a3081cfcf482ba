package dev.pedigree.graph;

import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.graph.store.UsageStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The impact of one node. */
    public record Result(Node node, List<Node> runs, List<Node> datasetVersions, List<AffectedModel> modelVersions,
            boolean truncated) {
    }

    private Impact() {
    }

    public static Optional<Result> of(GraphReader graph, String nodeId, TraversalLimits limits, long asOf,
            UsageSource usage) {
        Optional<Node> start = graph.node(nodeId, asOf);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Subgraph downstream = graph.traverse(nodeId, Direction.DOWNSTREAM, limits, asOf);
        List<Node> runs = new ArrayList<>();
        List<Node> versions = new ArrayList<>();
        Map<String, Node> reachedModels = new LinkedHashMap<>();
        for (Subgraph.Reached reached : downstream.nodes()) {
            Node node = reached.node();
            if (reached.depth() == 0) {
                continue;
            }
            switch (node.getKind()) {
                case RUN -> runs.add(node);
                case DATASET_VERSION -> versions.add(node);
                case MODEL_VERSION -> reachedModels.put(node.getId(), node);
                default -> { }
            }
        }
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
        return Optional.of(new Result(start.get(), runs, versions, models, downstream.truncated()));
    }
}
