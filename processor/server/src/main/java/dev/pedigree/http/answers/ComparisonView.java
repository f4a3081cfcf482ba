package dev.pedigree.http.answers;

import dev.pedigree.graph.ModelComparison;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/models/compare}: two model versions side by side, with the verdict and its explanation. */
public record ComparisonView(NodeView left, NodeView right, String verdict, String explanation,
        List<ModelComparison.DatasetDiff> data, Map<String, String> code, Map<String, List<String>> parameters,
        Map<String, List<String>> hyperparameters, Map<String, Map<String, Double>> metrics, boolean truncated) {

    public static ComparisonView of(ModelComparison.Result result) {
        return new ComparisonView(NodeView.of(result.left()), NodeView.of(result.right()), result.verdict().name(),
                result.explanation(), result.data(), result.code(), result.parameterChanges(),
                result.hyperparameterChanges(), result.metrics(), result.truncated());
    }
}
