package dev.pedigree.http.answers;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.pedigree.graph.ModelComparison;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models/compare}: two model versions side by side, every dataset with its changed columns, the
 * verdict, an explanation, and every cause from the sources to the model.
 */
public record ComparisonView(NodeView left, NodeView right, String verdict, String explanation, List<Data> data,
        Map<String, String> code, Map<String, List<String>> parameters, Map<String, List<String>> hyperparameters,
        Map<String, Map<String, Double>> metrics, List<Cause> causes, boolean truncated) {

    /** The columns that differ between two versions of a dataset ({@code namespace/name}), when profiled. */
    @FunctionalInterface
    public interface ChangedColumns {
        List<Answers.ColumnDiffView> of(String dataset, String fromHash, String toHash);
    }

    public static ComparisonView of(ModelComparison.Result result, ChangedColumns columns) {
        List<Data> data = result.data().stream().map(d -> new Data(d, d.status() == ModelComparison.DataStatus.CHANGED
                && d.leftHashes().size() == 1 && d.rightHashes().size() == 1
                ? columns.of(d.namespace() + "/" + d.name(), d.leftHashes().get(0), d.rightHashes().get(0))
                : List.of())).toList();
        List<Cause> causes = result.causes().stream().map(c -> new Cause(c, (c.kind() == ModelComparison.CauseKind.SOURCE
                || c.kind() == ModelComparison.CauseKind.STEP) && c.leftHash() != null && c.rightHash() != null
                ? columns.of(c.dataset(), c.leftHash(), c.rightHash()) : List.of())).toList();
        return new ComparisonView(NodeView.of(result.left()), NodeView.of(result.right()), result.verdict().name(),
                result.explanation(), data, result.code(), result.parameterChanges(), result.hyperparameterChanges(),
                result.metrics(), causes, result.truncated());
    }

    /** A dataset of the two lineages, and its columns that changed (with their drift) when it was profiled. */
    public record Data(@JsonUnwrapped ModelComparison.DatasetDiff dataset, List<Answers.ColumnDiffView> columns) {
    }

    /** A cause, with the changed columns of the dataset it names (a source, or what a step wrote). */
    public record Cause(@JsonUnwrapped ModelComparison.Cause cause, List<Answers.ColumnDiffView> columns) {
    }
}
