package dev.pedigree.graph;

import dev.pedigree.events.Prediction;
import dev.pedigree.graph.store.Node;
import java.util.List;

/**
 * Everything upstream of a prediction or a model version.
 *
 * @param prediction the prediction, or null for a model version's lineage
 * @param modelVersion the model-version node, or null when no ModelVersion event has arrived yet
 * @param trainingRuns the runs that trained the model version
 * @param datasets every upstream dataset version with its depth and producing runs, nearest first
 * @param graph the upstream subgraph (the prediction itself excluded) and whether a budget truncated it
 */
public record Provenance(Prediction prediction, Node modelVersion, List<Node> trainingRuns,
        List<DatasetVersionInLineage> datasets, Subgraph graph) {
}
