package dev.pedigree.graph;

import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.graph.store.UsageStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything downstream of a node — runs, dataset versions, model versions — and, per model version, how many
 * predictions it served (in all, and while reading the node itself as a feature when the node is a dataset
 * version) with first and last time.
 */
public final class Impact {

    /** One affected model version and its predictions. */
    public record AffectedModel(Node modelVersion, UsageStats served, UsageStats servedReadingThisVersion) {
    }

    /** The impact of one node. */
    public record Result(Node node, List<Node> runs, List<Node> datasetVersions, List<AffectedModel> modelVersions,
            boolean truncated) {
    }

    private Impact() {
    }

    /**
     * @param usage reads a usage-store key (wherever its partition lives); null when nothing was counted
     */
    public static Optional<Result> of(GraphReader graph, String nodeId, TraversalLimits limits, long asOf,
            Function<String, UsageStats> usage) {
        Optional<Node> start = graph.node(nodeId, asOf);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Subgraph downstream = graph.traverse(nodeId, Direction.DOWNSTREAM, limits, asOf);
        List<Node> runs = new ArrayList<>();
        List<Node> versions = new ArrayList<>();
        List<AffectedModel> models = new ArrayList<>();
        boolean isVersion = start.get().getKind() == NodeKind.DATASET_VERSION;
        for (Subgraph.Reached reached : downstream.nodes()) {
            Node node = reached.node();
            if (reached.depth() == 0) {
                continue;
            }
            switch (node.getKind()) {
                case RUN -> runs.add(node);
                case DATASET_VERSION -> versions.add(node);
                case MODEL_VERSION -> models.add(new AffectedModel(node,
                        usage.apply(UsageKeys.modelVersion(node.getId())),
                        isVersion ? usage.apply(UsageKeys.featureVersion(nodeId, node.getId())) : null));
                default -> { }
            }
        }
        if (isVersion) {
            // Models that read this version only as a feature at serving time are affected too.
            for (String modelVersion : usageOfFeature(nodeId, usage)) {
                if (models.stream().noneMatch(m -> m.modelVersion().getId().equals(modelVersion))) {
                    Node node = graph.node(modelVersion, asOf)
                            .orElseGet(() -> new Node(modelVersion, NodeKind.MODEL_VERSION, 0L, null));
                    models.add(new AffectedModel(node, usage.apply(UsageKeys.modelVersion(modelVersion)),
                            usage.apply(UsageKeys.featureVersion(nodeId, modelVersion))));
                }
            }
        }
        return Optional.of(new Result(start.get(), runs, versions, models, downstream.truncated()));
    }

    private static List<String> usageOfFeature(String versionId, Function<String, UsageStats> usage) {
        if (usage instanceof UsageSource source) {
            return source.modelVersionsReading(versionId);
        }
        return List.of();
    }

    /** A usage reader that can also list the model versions that read a feature version. */
    public interface UsageSource extends Function<String, UsageStats> {
        List<String> modelVersionsReading(String datasetVersionId);
    }
}
