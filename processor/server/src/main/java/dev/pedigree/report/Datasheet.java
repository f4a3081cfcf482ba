package dev.pedigree.report;

import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.Provenance;
import dev.pedigree.http.answers.ColumnProfileView;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The training-data datasheet of a model version: the record a provider of a high-risk AI system files under
 * EU AI Act Annex IV 2(d) — every dataset version the model was trained on, with its SHA-256, rows, columns (where
 * profiled), the step that produced it (code, parameters) and its data-quality evidence, each with the audit-log
 * proof that this is what was recorded. Built from the model version's lineage; {@link DatasheetPage} prints it.
 *
 * @param model the model version
 * @param training the runs that trained it
 * @param data every upstream dataset version, nearest first
 * @param proofs the audit proof of the model version, each training run and each dataset version
 * @param truncated whether a traversal budget cut the lineage short
 */
public record Datasheet(DecisionReport.Model model, List<DecisionReport.Step> training, List<DecisionReport.Data> data,
        List<DecisionReport.Proof> proofs, boolean truncated) {

    /**
     * @param columns a dataset version's column profiles (dataset {@code namespace/name}, content hash → profiles)
     * @param proofs the audit proof of a node
     */
    public static Datasheet of(Provenance lineage, BiFunction<String, String, List<ColumnProfileView>> columns,
            Function<String, DecisionReport.Proof> proofs) {
        DecisionReport.Model model = DecisionReport.model(lineage);
        List<DecisionReport.Step> training = DecisionReport.training(lineage);
        List<DecisionReport.Data> data = DecisionReport.data(lineage, Set.of()).stream()
                .map(d -> d.withColumns(columns.apply(d.namespace() + "/" + d.name(), d.contentHash()))).toList();
        List<String> nodes = new java.util.ArrayList<>();
        nodes.add(lineage.modelVersion().getId());
        training.forEach(step -> nodes.add(NodeIds.run(step.runId())));
        data.forEach(d -> nodes.add(NodeIds.datasetVersion(d.namespace(), d.name(), d.contentHash())));
        return new Datasheet(model, training, data, nodes.stream().map(proofs).toList(), lineage.graph().truncated());
    }

    /** The proof of a dataset version of the datasheet, or null. */
    public DecisionReport.Proof proofOf(DecisionReport.Data version) {
        String node = NodeIds.datasetVersion(version.namespace(), version.name(), version.contentHash());
        return proofs.stream().filter(proof -> proof.node().equals(node)).findFirst().orElse(null);
    }
}
