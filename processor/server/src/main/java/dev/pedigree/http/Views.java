package dev.pedigree.http;

import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.DatasetVersionInLineage;
import dev.pedigree.graph.Impact;
import dev.pedigree.graph.ModelComparison;
import dev.pedigree.graph.Provenance;
import dev.pedigree.graph.Subgraph;
import dev.pedigree.graph.store.DatasetRef;
import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.ModelVersionDetail;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.RunDetail;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API, in one place: stable field names, times as ISO-8601, internal bookkeeping
 * (merge versions) left out.
 */
public final class Views {

    private Views() {
    }

    static Map<String, Object> node(Node node) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", node.getId());
        view.put("kind", node.getKind().name());
        view.put("firstSeen", time(node.getFirstSeen()));
        if (node.getDetail() instanceof DatasetVersionDetail d) {
            view.put("namespace", d.getNamespace());
            view.put("name", d.getName());
            view.put("contentHash", d.getContentHash());
            view.put("labels", d.getLabels());
            view.put("rowCount", d.getRowCount());
            view.put("schemaFingerprint", d.getSchemaFingerprint());
            view.put("producedByRunId", d.getProducedByRunId());
            view.put("observed", d.getObserved());
            view.put("lastSeen", time(d.getLastSeen()));
            if (d.getQuality() != null) {
                view.put("quality", Map.of("suite", d.getQuality().getSuite(), "success", d.getQuality().getSuccess(),
                        "statistics", d.getQuality().getStatistics()));
            }
            view.put("facets", d.getFacets());
        } else if (node.getDetail() instanceof RunDetail r) {
            view.put("runId", r.getRunId());
            view.put("job", r.getJobName() == null ? null : Map.of("namespace", r.getJobNamespace(),
                    "name", r.getJobName()));
            view.put("state", r.getState());
            view.put("startedAt", r.getStartedAt() == null ? null : time(r.getStartedAt()));
            view.put("endedAt", r.getEndedAt() == null ? null : time(r.getEndedAt()));
            Map<String, Object> code = new LinkedHashMap<>();
            code.put("repository", r.getCodeRepository());
            code.put("commit", r.getCodeCommit());
            code.put("path", r.getCodePath());
            view.put("code", r.getCodeRepository() == null ? null : code);
            view.put("parameters", r.getParameters());
            view.put("inputs", r.getInputs().stream().map(Views::ref).toList());
            view.put("outputs", r.getOutputs().stream().map(Views::ref).toList());
            view.put("parentRunId", r.getParentRunId());
            view.put("facets", r.getFacets());
        } else if (node.getDetail() instanceof ModelVersionDetail m) {
            view.put("name", m.getName());
            view.put("version", m.getVersion());
            view.put("trainingRunId", m.getTrainingRunId());
            view.put("artifactHash", m.getArtifactHash());
            view.put("metrics", m.getMetrics());
            view.put("hyperparameters", m.getHyperparameters());
            view.put("stage", m.getStage());
        }
        return view;
    }

    static Map<String, Object> edge(Edge edge) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("from", edge.getFrom());
        view.put("to", edge.getTo());
        view.put("kind", edge.getKind().name());
        view.put("firstSeen", time(edge.getFirstSeen()));
        return view;
    }

    static Map<String, Object> subgraph(Subgraph subgraph) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("nodes", subgraph.nodes().stream().map(r -> {
            Map<String, Object> node = node(r.node());
            node.put("depth", r.depth());
            return node;
        }).toList());
        view.put("edges", subgraph.edges().stream().map(Views::edge).toList());
        view.put("truncated", subgraph.truncated());
        return view;
    }

    static Map<String, Object> prediction(Prediction p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("predictionId", p.getPredictionId());
        view.put("eventId", p.getEventId());
        view.put("time", p.getEventTime());
        view.put("producer", p.getProducer());
        view.put("model", Map.of("name", p.getModel().getName(), "version", p.getModel().getVersion()));
        view.put("features", p.getFeatures().stream().map(Views::feature).toList());
        view.put("inputHash", p.getInputHash());
        view.put("attributes", p.getAttributes());
        return view;
    }

    static Map<String, Object> provenance(Provenance provenance) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (provenance.prediction() != null) {
            view.put("prediction", prediction(provenance.prediction()));
        }
        view.putAll(lineage(provenance));
        return view;
    }

    /** A provenance without its prediction: what predictions with the same model and features share. */
    static Map<String, Object> lineage(Provenance provenance) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("modelVersion", provenance.modelVersion() == null ? null : node(provenance.modelVersion()));
        view.put("trainingRuns", provenance.trainingRuns().stream().map(Views::node).toList());
        view.put("datasets", provenance.datasets().stream().map(Views::datasetInLineage).toList());
        view.putAll(subgraph(provenance.graph()));
        return view;
    }

    static Map<String, Object> comparison(ModelComparison.Result result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("left", node(result.left()));
        view.put("right", node(result.right()));
        view.put("verdict", result.verdict().name());
        view.put("explanation", result.explanation());
        view.put("data", result.data());
        view.put("code", result.code());
        view.put("parameters", result.parameterChanges());
        view.put("hyperparameters", result.hyperparameterChanges());
        view.put("metrics", result.metrics());
        view.put("truncated", result.truncated());
        return view;
    }

    static Map<String, Object> impact(Impact.Result result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("node", node(result.node()));
        view.put("runs", result.runs().stream().map(Views::node).toList());
        view.put("datasetVersions", result.datasetVersions().stream().map(Views::node).toList());
        view.put("modelVersions", result.modelVersions().stream().map(m -> {
            Map<String, Object> model = node(m.modelVersion());
            model.put("predictions", usage(m.served()));
            if (result.node().getKind() == dev.pedigree.graph.store.NodeKind.DATASET_VERSION) {
                model.put("predictionsReadingThisVersion", usage(m.servedReadingThisVersion()));
            }
            return model;
        }).toList());
        view.put("truncated", result.truncated());
        return view;
    }

    public static Map<String, Object> alert(LineageAlert alert) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("alertId", alert.getAlertId());
        view.put("type", alert.getType().name());
        view.put("severity", alert.getSeverity().name());
        view.put("dataset", Map.of("namespace", alert.getDataset().getNamespace(), "name", alert.getDataset().getName()));
        view.put("versionLabel", alert.getVersionLabel());
        view.put("expectedHash", alert.getExpectedHash());
        view.put("observedHash", alert.getObservedHash());
        view.put("runId", alert.getRunId());
        view.put("affected", alert.getAffected());
        view.put("message", alert.getMessage());
        view.put("detectedAt", alert.getDetectedAt());
        return view;
    }

    static Map<String, Object> usage(Impact.Served served) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("count", served == null ? 0L : served.count());
        view.put("first", served == null ? null : time(served.first()));
        view.put("last", served == null ? null : time(served.last()));
        return view;
    }

    private static Map<String, Object> datasetInLineage(DatasetVersionInLineage d) {
        Map<String, Object> view = node(d.version());
        view.put("depth", d.depth());
        view.put("producingRuns", d.producingRuns());
        return view;
    }

    private static Map<String, Object> ref(DatasetRef ref) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("namespace", ref.getNamespace());
        view.put("name", ref.getName());
        view.put("contentHash", ref.getContentHash());
        return view;
    }

    private static Map<String, Object> feature(DatasetHash hash) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("namespace", hash.getDataset().getNamespace());
        view.put("name", hash.getDataset().getName());
        view.put("contentHash", hash.getContentHash());
        return view;
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    static List<Map<String, Object>> nodes(List<Node> nodes) {
        return nodes.stream().map(Views::node).toList();
    }
}
