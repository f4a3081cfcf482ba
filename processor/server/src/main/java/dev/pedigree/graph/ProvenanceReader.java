package dev.pedigree.graph;

import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers "what produced this?" for a model version or a prediction, from the graph as of a time. */
public final class ProvenanceReader {

    private final GraphReader graph;

    public ProvenanceReader(GraphReader graph) {
        this.graph = graph;
    }

    /** A model version's training lineage: its training runs and every upstream dataset version. */
    public Provenance modelVersion(String name, String version, TraversalLimits limits, long asOf) {
        String id = NodeIds.modelVersion(name, version);
        return assemble(null, id, graph.traverse(Map.of(id, 0), Direction.UPSTREAM, limits, asOf), asOf);
    }

    /**
     * A prediction's provenance: its model version, training runs, and every dataset version upstream of the
     * model or read as a feature, with depths counted from the prediction.
     */
    public Provenance prediction(Prediction prediction, TraversalLimits limits, long asOf) {
        List<String> starts = starts(prediction);
        Map<String, Integer> depths = new LinkedHashMap<>();
        starts.forEach(start -> depths.put(start, 1));
        return assemble(prediction, starts.get(0), graph.traverse(depths, Direction.UPSTREAM, limits, asOf), asOf);
    }

    /**
     * Where a prediction's provenance starts: its model version, then the dataset versions of its features. Two
     * predictions with the same starts have the same provenance but for the prediction itself.
     */
    public static List<String> starts(Prediction prediction) {
        List<String> starts = new ArrayList<>();
        starts.add(NodeIds.modelVersion(prediction.getModel().getName(), prediction.getModel().getVersion()));
        for (DatasetHash feature : prediction.getFeatures()) {
            if (feature.getContentHash() != null) {
                String version = NodeIds.datasetVersion(feature.getDataset().getNamespace(),
                        feature.getDataset().getName(), feature.getContentHash());
                if (!starts.contains(version)) {
                    starts.add(version);
                }
            }
        }
        return starts;
    }

    private Provenance assemble(Prediction prediction, String modelVersionId, Subgraph subgraph, long asOf) {
        Node modelVersion = null;
        List<DatasetVersionInLineage> datasets = new ArrayList<>();
        for (Subgraph.Reached reached : subgraph.nodes()) {
            Node node = reached.node();
            if (node.getId().equals(modelVersionId) && node.getKind() == NodeKind.MODEL_VERSION) {
                modelVersion = node;
            } else if (node.getKind() == NodeKind.DATASET_VERSION) {
                List<String> producers = graph.inEdges(node.getId(), EdgeKind.PRODUCED, asOf).stream()
                        .map(Edge::getFrom).sorted().toList();
                datasets.add(new DatasetVersionInLineage(node, reached.depth(), producers));
            }
        }
        datasets.sort(Comparator.comparingInt(DatasetVersionInLineage::depth)
                .thenComparing(d -> d.version().getId()));
        List<Node> trainingRuns = new ArrayList<>();
        for (Edge trained : graph.inEdges(modelVersionId, EdgeKind.TRAINED, asOf)) {
            graph.node(trained.getFrom(), asOf).ifPresent(trainingRuns::add);
        }
        return new Provenance(prediction, modelVersion, trainingRuns, datasets, subgraph);
    }
}
