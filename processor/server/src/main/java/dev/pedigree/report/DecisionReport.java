package dev.pedigree.report;

import dev.pedigree.audit.ProofBundle;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.DatasetVersionInLineage;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.Provenance;
import dev.pedigree.graph.Subgraph;
import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.ModelVersionDetail;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.RunDetail;
import dev.pedigree.http.answers.ColumnProfileView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The provenance report of one decision, for a reader who is not an engineer: the decision, the model version
 * and its metrics, the training run with its code and settings, every dataset version behind it with its
 * SHA-256, rows, quality evidence and producing step, every alert that touched those inputs or the model, and
 * when Pedigree recorded each fact. {@link #json()} is its JSON form; {@link ReportPage} prints it as HTML.
 */
public final class DecisionReport {

    /** A step that wrote a dataset version: its run, job, code and settings. */
    public record Step(String runId, String job, String repository, String commit, String path,
            Map<String, String> parameters, Instant startedAt, Instant endedAt, Instant recordedAt) {
    }

    /** One dataset version behind the decision. */
    public record Data(String namespace, String name, String contentHash, List<String> labels, Long rowCount,
            String schemaFingerprint, Quality quality, int depth, boolean readWhenServing,
            List<Step> producedBy, Instant recordedAt, List<ColumnProfileView> columns) {

        /** The same dataset version with its column profiles. */
        public Data withColumns(List<ColumnProfileView> profiles) {
            return new Data(namespace, name, contentHash, labels, rowCount, schemaFingerprint, quality, depth,
                    readWhenServing, producedBy, recordedAt, List.copyOf(profiles));
        }
    }

    /** Data-quality evidence recorded with a dataset version. */
    public record Quality(String suite, boolean success, Map<String, Double> statistics) {
    }

    /** The decision itself. */
    public record Decision(String predictionId, Instant time, String model, Map<String, String> attributes,
            String inputHash) {
    }

    /** An alert that touched the data or steps behind the decision. */
    public record Alert(String type, String severity, String dataset, String expectedHash, String observedHash,
            String message, Instant detectedAt) {
    }

    /**
     * The audit-log proof of one fact of the report: the event that created its node, with its bundle.
     *
     * @param node the node (the prediction, the model version, a training run, a dataset version)
     * @param status VERIFIED (the bundle verified against the log's keys), NOT_VERIFIED (it did not: {@code reason}),
     *     NOT_YET_CHECKPOINTED (recorded, awaiting its signed checkpoint) or NOT_IN_LOG (no event of it in the log)
     * @param bundle the proof bundle, when there is one
     */
    public record Proof(String node, String status, String reason, ProofBundle bundle) {

        public boolean verified() {
            return "VERIFIED".equals(status);
        }
    }

    /** The report as JSON. */
    public record Json(Decision decision, Model model, List<Step> training, List<Data> data, List<Alert> alerts,
            boolean truncated, List<Proof> proofs, boolean recordExpired) {
    }

    /** The model version that decided. */
    public record Model(String name, String version, String stage, Map<String, Double> metrics,
            Map<String, String> hyperparameters, String artifactHash, Instant recordedAt) {
    }

    private final Prediction prediction;
    private final Model model;
    private final List<Step> training;
    private final List<Data> data;
    private final List<LineageAlert> alerts;
    private final boolean truncated;
    private final List<Proof> proofs;
    private final boolean recordExpired;

    private DecisionReport(Prediction prediction, Model model, List<Step> training, List<Data> data,
            List<LineageAlert> alerts, boolean truncated, List<Proof> proofs, boolean recordExpired) {
        this.recordExpired = recordExpired;
        this.prediction = prediction;
        this.model = model;
        this.training = training;
        this.data = data;
        this.alerts = alerts;
        this.truncated = truncated;
        this.proofs = proofs;
    }

    /**
     * @param provenance the prediction's provenance
     * @param allAlerts alerts to choose from: those on a dataset version of the lineage, or naming the model
     *     version or a run of the lineage as affected, are kept
     */
    public static DecisionReport of(Provenance provenance, List<LineageAlert> allAlerts) {
        Set<String> features = new HashSet<>();
        for (DatasetHash feature : provenance.prediction().getFeatures()) {
            if (feature.getContentHash() != null) {
                features.add(NodeIds.datasetVersion(feature.getDataset().getNamespace(),
                        feature.getDataset().getName(), feature.getContentHash()));
            }
        }
        List<Data> data = data(provenance, features);
        Set<String> inLineage = new HashSet<>();
        provenance.graph().nodes().forEach(reached -> inLineage.add(reached.node().getId()));
        List<LineageAlert> alerts = allAlerts.stream().filter(alert -> touches(alert, data, inLineage)).toList();
        return new DecisionReport(provenance.prediction(), model(provenance), training(provenance), data, alerts,
                provenance.graph().truncated(), List.of(), false);
    }

    /** The model version of a lineage; null when its ModelVersion event has not arrived. */
    static Model model(Provenance provenance) {
        if (provenance.modelVersion() != null
                && provenance.modelVersion().getDetail() instanceof ModelVersionDetail m) {
            return new Model(m.getName(), m.getVersion(), m.getStage(), m.getMetrics(), m.getHyperparameters(),
                    m.getArtifactHash(), Instant.ofEpochMilli(provenance.modelVersion().getFirstSeen()));
        }
        return null;
    }

    /** The runs that trained the model version. */
    static List<Step> training(Provenance provenance) {
        return provenance.trainingRuns().stream().map(DecisionReport::step).toList();
    }

    /**
     * Every dataset version of a lineage, nearest first, with its producing steps and quality evidence;
     * {@code features} are the versions read when serving.
     */
    static List<Data> data(Provenance provenance, Set<String> features) {
        Map<String, Node> nodes = new HashMap<>();
        for (Subgraph.Reached reached : provenance.graph().nodes()) {
            nodes.put(reached.node().getId(), reached.node());
        }
        List<Data> data = new ArrayList<>();
        for (DatasetVersionInLineage version : provenance.datasets()) {
            Node node = version.version();
            if (!(node.getDetail() instanceof DatasetVersionDetail d)) {
                continue;
            }
            List<Step> producers = version.producingRuns().stream().map(nodes::get)
                    .filter(n -> n != null && n.getDetail() instanceof RunDetail).map(DecisionReport::step).toList();
            Quality quality = d.getQuality() == null ? null : new Quality(d.getQuality().getSuite(),
                    d.getQuality().getSuccess(), d.getQuality().getStatistics());
            data.add(new Data(d.getNamespace(), d.getName(), d.getContentHash(), d.getLabels(), d.getRowCount(),
                    d.getSchemaFingerprint(), quality, version.depth(), features.contains(node.getId()), producers,
                    Instant.ofEpochMilli(node.getFirstSeen()), List.of()));
        }
        return data;
    }

    private static boolean touches(LineageAlert alert, List<Data> data, Set<String> inLineage) {
        for (Data d : data) {
            if (d.namespace().equals(alert.getDataset().getNamespace()) && d.name().equals(alert.getDataset().getName())
                    && (d.contentHash().equals(alert.getObservedHash()) || d.contentHash().equals(alert.getExpectedHash()))) {
                return true;
            }
        }
        return alert.getAffected().stream().anyMatch(inLineage::contains);
    }

    /** A run as a step; a run known only through its edges (its events never arrived) by its id alone. */
    private static Step step(Node node) {
        if (!(node.getDetail() instanceof RunDetail run)) {
            return new Step(NodeIds.parse(node.getId()).parts().get(0), null, null, null, null, Map.of(), null, null,
                    Instant.ofEpochMilli(node.getFirstSeen()));
        }
        return new Step(run.getRunId(), run.getJobName() == null ? null : run.getJobNamespace() + "/" + run.getJobName(),
                run.getCodeRepository(), run.getCodeCommit(), run.getCodePath(), run.getParameters(),
                run.getStartedAt() == null ? null : Instant.ofEpochMilli(run.getStartedAt()),
                run.getEndedAt() == null ? null : Instant.ofEpochMilli(run.getEndedAt()),
                Instant.ofEpochMilli(node.getFirstSeen()));
    }

    public Prediction prediction() {
        return prediction;
    }

    /** The deciding model version; null when its ModelVersion event has not arrived. */
    public Model model() {
        return model;
    }

    public List<Step> training() {
        return training;
    }

    /** Every dataset version behind the decision, nearest first. */
    public List<Data> data() {
        return data;
    }

    public List<LineageAlert> alerts() {
        return alerts;
    }

    /** Whether a traversal budget cut the lineage short. */
    public boolean truncated() {
        return truncated;
    }

    /**
     * The same report with each dataset version's column profiles, from {@code columns} (dataset
     * {@code namespace/name}, content hash → profiles).
     */
    public DecisionReport withColumns(java.util.function.BiFunction<String, String, List<ColumnProfileView>> columns) {
        return new DecisionReport(prediction, model, training, data.stream().map(d -> d.withColumns(columns.apply(
                d.namespace() + "/" + d.name(), d.contentHash()))).toList(), alerts, truncated, proofs, recordExpired);
    }

    /**
     * The same report with the audit-log proof of each of its facts, from {@code proofs} (node id → proof): the
     * prediction, the model version, each training run and each dataset version.
     */
    public DecisionReport withProofs(Function<String, Proof> proofs) {
        Set<String> nodes = new LinkedHashSet<>();
        nodes.add(NodeIds.prediction(prediction.getPredictionId()));
        nodes.add(NodeIds.modelVersion(prediction.getModel().getName(), prediction.getModel().getVersion()));
        training.forEach(step -> nodes.add(NodeIds.run(step.runId())));
        data.forEach(d -> nodes.add(NodeIds.datasetVersion(d.namespace(), d.name(), d.contentHash())));
        return new DecisionReport(prediction, model, training, data, alerts, truncated,
                nodes.stream().map(proofs).toList(), recordExpired);
    }

    /**
     * Marks a report rebuilt from the decision as the audit log recorded it, its record in the prediction store having
     * expired.
     */
    public DecisionReport recordedOnlyInAuditLog(boolean expired) {
        return new DecisionReport(prediction, model, training, data, alerts, truncated, proofs, expired);
    }

    /** Whether the prediction store's record has expired and the decision comes from the audit log. */
    public boolean recordExpired() {
        return recordExpired;
    }

    /** The audit-log proofs of the report's facts (empty until {@link #withProofs}). */
    public List<Proof> proofs() {
        return proofs;
    }

    /** The report as JSON. */
    public Json json() {
        return new Json(new Decision(prediction.getPredictionId(), prediction.getEventTime(),
                prediction.getModel().getName() + ":" + prediction.getModel().getVersion(), prediction.getAttributes(),
                prediction.getInputHash()), model, training, data, alerts.stream().map(alert -> new Alert(
                        alert.getType().name(), alert.getSeverity().name(), alert.getDataset().getNamespace() + "/"
                                + alert.getDataset().getName(), alert.getExpectedHash(), alert.getObservedHash(),
                        alert.getMessage(), alert.getDetectedAt())).toList(), truncated, proofs, recordExpired);
    }
}
