package dev.pedigree.http.answers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.pedigree.graph.Impact;
import dev.pedigree.graph.store.NodeKind;
import java.util.List;

/** {@code GET /v1/impact}: what lies downstream of a node and how many predictions each model version served. */
public record ImpactView(NodeView node, List<NodeView> runs, List<NodeView> datasetVersions,
        List<AffectedModel> modelVersions, boolean truncated, List<NodeView> fields, List<String> conservativeRuns) {

    public static ImpactView of(Impact.Result result) {
        boolean fromVersion = result.node().getKind() == NodeKind.DATASET_VERSION;
        return new ImpactView(NodeView.of(result.node()), NodeView.of(result.runs()),
                NodeView.of(result.datasetVersions()), result.modelVersions().stream()
                        .map(m -> new AffectedModel(NodeView.of(m.modelVersion()), UsageView.of(m.served()),
                                fromVersion ? UsageView.of(m.servedReadingThisVersion()) : null)).toList(),
                result.truncated(), NodeView.of(result.fields()), result.conservativeRuns());
    }

    /**
     * An affected model version, the predictions it served, and (from a dataset version) those that read that
     * version as a feature.
     */
    public record AffectedModel(@JsonUnwrapped NodeView modelVersion, UsageView predictions,
            @JsonInclude(JsonInclude.Include.NON_NULL) UsageView predictionsReadingThisVersion) {
    }
}
