package dev.pedigree.streams.internals;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.DatasetReference;
import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.graph.store.Quality;
import dev.pedigree.profiles.DriftSettings;
import dev.pedigree.profiles.Psi;
import dev.pedigree.schema.topic.EventKeys;
import dev.pedigree.streams.ActiveStores;
import dev.pedigree.streams.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by dataset ({@code namespace/name}): keeps every version of the dataset, observed by a
 * {@code DatasetVersion} event or named by a run, and owns the dataset and dataset-version nodes and the
 * {@code dataset → version} edges. A version that claims a producing run also gets its {@code run → version} edge.
 *
 * <p>Store {@value StoreNames#DATASET_HISTORY}: {@code dataset:ns:name} → the dataset node, and
 * {@code datasetVersion:ns:name:hash} → the version node, so a dataset's versions are one prefix scan. Merges
 * are order-independent (minimum first-seen time, union of labels, attributes of the newest event), and a record
 * that changes nothing forwards nothing. The dataset's alerts are raised here too ({@link AlertDetector}), and
 * forwarded as {@code LineageAlert} records beside the graph entries.
 */
public final class DatasetProcessor implements Processor<String, DatasetInput, String, SpecificRecord> {

    static final String WRITER = "d";
    /** The child that receives graph entries (named in the topology). */
    public static final String GRAPH_ENTRIES = "dataset-graph-entries";
    /** The child that receives alerts. */
    public static final String ALERTS = "dataset-alerts";

    private final GraphOutput output = new GraphOutput(WRITER);
    private final long alertGraceMs;
    private final DriftSettings drift;
    private KeyValueStore<String, DatasetVersion> profiles;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Node> store;
    private AlertDetector alerts;
    private ActiveStores queried;

    /**
     * @param alertGraceMs how long to wait for a late declaring run or dataset event before alerting
     * @param drift when a new version's columns have drifted from the previous version's
     */
    public DatasetProcessor(long alertGraceMs, DriftSettings drift) {
        this.alertGraceMs = alertGraceMs;
        this.drift = drift;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.DATASET_HISTORY);
        this.profiles = context.getStateStore(StoreNames.DATASET_PROFILES);
        this.queried = ActiveStores.from(context.appConfigs());
        queried.add(context, profiles);
        KeyValueStore<String, GraphEntry> graph = context.getStateStore(StoreNames.GRAPH);
        this.alerts = new AlertDetector(store, context.getStateStore(StoreNames.PENDING_CHECKS),
                context.getStateStore(StoreNames.RAISED_ALERTS), new GraphReader(graph, GraphIndex.from(context.appConfigs())), alertGraceMs);
        long interval = Math.max(100, Math.min(1_000, alertGraceMs / 2));
        context.schedule(Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME,
                now -> alerts.due(now).forEach(alert -> forward(alert, now)));
    }

    @Override
    public void close() {
        queried.remove(context, profiles);
    }

    private void forward(LineageAlert alert, long timestamp) {
        context.forward(new Record<>(EventKeys.of(alert), alert, timestamp), ALERTS);
    }

    @Override
    public void process(Record<String, DatasetInput> record) {
        if (record.value() instanceof DatasetInput.Observed observed) {
            DatasetVersion event = observed.event();
            // Before any store is written: an unreadable profile sends the whole event to the dead-letter topic.
            Psi.requireReadable(event.getColumns());
            merge(event.getDataset().getNamespace(), event.getDataset().getName(), event.getContentHash(),
                    event.getEventTime().toEpochMilli(), event, null, record.timestamp());
        } else if (record.value() instanceof DatasetInput.Referenced referenced) {
            DatasetReference reference = referenced.reference();
            merge(reference.getNamespace(), reference.getName(), reference.getContentHash(), reference.getTime(),
                    null, reference, record.timestamp());
        }
    }

    private void merge(String namespace, String name, String contentHash, long time, DatasetVersion event,
            DatasetReference reference, long timestamp) {
        String datasetId = NodeIds.dataset(namespace, name);
        String versionId = NodeIds.datasetVersion(namespace, name, contentHash);
        List<Record<String, GraphEntry>> changes = new ArrayList<>();

        Node dataset = store.get(datasetId);
        if (dataset == null || time < dataset.getFirstSeen()) {
            dataset = new Node(datasetId, NodeKind.DATASET, time, null);
            store.put(datasetId, dataset);
            changes.add(output.node(dataset, timestamp));
        }

        Node stored = store.get(versionId);
        Node version = stored == null
                ? new Node(versionId, NodeKind.DATASET_VERSION, time, newDetail(namespace, name, contentHash))
                : SpecificData.get().deepCopy(Node.getClassSchema(), stored);
        DatasetVersionDetail detail = (DatasetVersionDetail) version.getDetail();
        Map<String, Long> claimsBefore = Map.copyOf(detail.getClaimingRuns());
        version.setFirstSeen(Math.min(version.getFirstSeen(), time));
        detail.setLastSeen(Math.max(detail.getLastSeen(), time));
        boolean wasObserved = detail.getObserved();
        if (event != null) {
            observe(detail, event);
        }
        if (reference != null && reference.getOutput()) {
            detail.getDeclaredBy().merge(reference.getRunId(), time, Math::min);
        }
        addFields(detail, event, reference);
        List<LineageAlert> raised = new ArrayList<>();
        if (!version.equals(stored)) {
            store.put(versionId, version);
            changes.add(output.node(version, timestamp));
            if (stored == null || stored.getFirstSeen() != version.getFirstSeen()) {
                changes.add(output.edge(datasetId, versionId, EdgeKind.HAS_VERSION, version.getFirstSeen(),
                        timestamp));
            }
            detail.getClaimingRuns().forEach((runId, claimedAt) -> {
                if (!claimedAt.equals(claimsBefore.get(runId))) {
                    changes.add(output.edge(NodeIds.run(runId), versionId, EdgeKind.PRODUCED, claimedAt, timestamp));
                }
            });
            long now = context.currentSystemTimeMs();
            if (event != null) {
                raised.addAll(alerts.onObserved(version, !wasObserved, event, now));
            }
            if (event != null && !event.getColumns().isEmpty() && profiles.get(versionId) == null) {
                profiles.put(versionId, event);
                raised.addAll(alerts.onProfiled(version, event, profiles, drift, now));
            }
        }
        if (reference != null && !reference.getOutput()) {
            alerts.onInputReference(version, reference.getRunId(), context.currentSystemTimeMs());
        }
        changes.forEach(change -> context.forward(change, GRAPH_ENTRIES));
        raised.forEach(alert -> forward(alert, timestamp));
    }

    /** The version's columns: those it was profiled with, and those the runs that read or wrote it named. */
    private static void addFields(DatasetVersionDetail detail, DatasetVersion event, DatasetReference reference) {
        TreeSet<String> fields = new TreeSet<>(detail.getFields());
        if (event != null) {
            event.getColumns().forEach(column -> fields.add(column.getName()));
        }
        if (reference != null) {
            fields.addAll(reference.getFields());
        }
        if (fields.size() != detail.getFields().size()) {
            detail.setFields(new ArrayList<>(fields));
        }
    }

    private static DatasetVersionDetail newDetail(String namespace, String name, String contentHash) {
        return DatasetVersionDetail.newBuilder().setNamespace(namespace).setName(name).setContentHash(contentHash)
                .build();
    }

    private static void observe(DatasetVersionDetail detail, DatasetVersion event) {
        detail.setObserved(true);
        if (event.getVersionLabel() != null) {
            TreeSet<String> labels = new TreeSet<>(detail.getLabels());
            labels.add(event.getVersionLabel());
            detail.setLabels(new ArrayList<>(labels));
        }
        String version = EventVersion.of(event.getEventTime().toEpochMilli(), event.getEventId());
        if (EventVersion.isNewer(version, detail.getAttributesVersion())) {
            detail.setAttributesVersion(version);
            detail.setRowCount(event.getRowCount());
            detail.setSchemaFingerprint(event.getSchemaFingerprint());
            detail.setFacets(new HashMap<>(event.getFacets()));
            detail.setQuality(event.getQuality() == null ? null : new Quality(event.getQuality().getSuite(),
                    event.getQuality().getSuccess(), new HashMap<>(event.getQuality().getStatistics())));
        }
        String claimedRun = event.getProducedByRunId();
        if (claimedRun != null) {
            if (EventVersion.isNewer(version, detail.getProducedByVersion())) {
                detail.setProducedByVersion(version);
                detail.setProducedByRunId(claimedRun);
            }
            long time = event.getEventTime().toEpochMilli();
            detail.getClaimingRuns().merge(claimedRun, time, Math::min);
        }
    }
}
