package dev.pedigree.http.answers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.pedigree.graph.DatasetVersionInLineage;
import dev.pedigree.graph.Provenance;
import java.util.List;

/**
 * A prediction's or a model version's provenance: the prediction (for a prediction), then its {@link Lineage}.
 */
public record ProvenanceView(@JsonInclude(JsonInclude.Include.NON_NULL) PredictionView prediction,
        @JsonUnwrapped Lineage lineage) {

    public static ProvenanceView of(Provenance provenance) {
        return new ProvenanceView(provenance.prediction() == null ? null
                : PredictionView.of(provenance.prediction()), Lineage.of(provenance));
    }

    /**
     * What predictions with the same model version and feature versions share: the model version, its training
     * runs, every upstream dataset version with its depth and producing runs, and the subgraph.
     */
    public record Lineage(NodeView modelVersion, List<NodeView> trainingRuns, List<LineageDataset> datasets,
            @JsonUnwrapped SubgraphView graph) {

        public static Lineage of(Provenance provenance) {
            return new Lineage(provenance.modelVersion() == null ? null : NodeView.of(provenance.modelVersion()),
                    NodeView.of(provenance.trainingRuns()), provenance.datasets().stream().map(LineageDataset::of)
                            .toList(), SubgraphView.of(provenance.graph()));
        }
    }

    /** An upstream dataset version, how far up it is, and the runs that produced it. */
    public record LineageDataset(@JsonUnwrapped NodeView version, int depth, List<String> producingRuns) {
        static LineageDataset of(DatasetVersionInLineage d) {
            return new LineageDataset(NodeView.of(d.version()), d.depth(), d.producingRuns());
        }
    }
}
