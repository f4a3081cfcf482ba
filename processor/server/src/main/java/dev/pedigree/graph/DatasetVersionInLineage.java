package dev.pedigree.graph;

import dev.pedigree.graph.store.Node;
import java.util.List;

/**
 * A dataset version behind a model or a prediction.
 *
 * @param version the dataset-version node (namespace, name, hash, labels… in its detail)
 * @param depth hops from the model version or prediction
 * @param producingRuns ids of the runs that wrote this version
 */
public record DatasetVersionInLineage(Node version, int depth, List<String> producingRuns) {
}
