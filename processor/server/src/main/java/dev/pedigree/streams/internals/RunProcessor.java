package dev.pedigree.streams.internals;

import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.RunEvent;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.DatasetRef;
import dev.pedigree.graph.store.DatasetReference;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.graph.store.RunDetail;
import dev.pedigree.graph.store.RunState;
import dev.pedigree.schema.topic.EventKeys;
import dev.pedigree.streams.StoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by run id: merges START / RUNNING / COMPLETE / FAIL / ABORT events of a run into one run, whatever their
 * order, and owns the run node and its {@code job → run}, {@code version → run} (read) and {@code run → version}
 * (written) edges. Every dataset version a run names is also sent, keyed by dataset, to the dataset processor
 * (it creates the version node and will check the hash).
 *
 * <p>Merge rules, each order-independent: the state is the greatest by (terminal, event time, name); inputs and
 * outputs are unions with the earliest time each was declared; code, parent run and each parameter or facet come
 * from the newest event (time, then id) that set them.
 */
public final class RunProcessor implements Processor<String, RunEvent, String, SpecificRecord> {

    static final String WRITER = "r";
    /** The child that receives graph entries (named in the topology). */
    public static final String GRAPH_ENTRIES = "run-graph-entries";
    /** The child that receives the dataset versions a run names, re-keyed by dataset. */
    public static final String DATASET_REFERENCES = "run-dataset-references";

    private static final Comparator<DatasetRef> REF_ORDER = Comparator.comparing(DatasetRef::getNamespace)
            .thenComparing(DatasetRef::getName)
            .thenComparing(ref -> Objects.requireNonNullElse(ref.getContentHash(), ""));

    private final GraphOutput output = new GraphOutput(WRITER);
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, RunState> store;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.RUNS);
    }

    @Override
    public void process(Record<String, RunEvent> record) {
        RunEvent event = record.value();
        String runId = event.getRunId();
        long time = event.getEventTime().toEpochMilli();
        RunState stored = store.get(runId);
        RunState state = stored == null
                ? new RunState(time, RunDetail.newBuilder().setRunId(runId).build())
                : SpecificData.get().deepCopy(RunState.getClassSchema(), stored);
        RunDetail detail = state.getDetail();
        state.setFirstSeen(Math.min(state.getFirstSeen(), time));
        merge(detail, event, time);
        if (state.equals(stored)) {
            return; // a duplicate, or nothing new
        }
        store.put(runId, state);
        forwardChanges(stored, state, record.timestamp());
        forwardColumns(event, time, record.timestamp());
    }

    /**
     * The columns the event names, as {@code dataset → datasetField} edges, and its column lineage as
     * {@code datasetField → datasetField} edges labelled with the run and the transformation. Edges merge by their
     * earliest time in the graph store, so an event sent again adds nothing.
     */
    private void forwardColumns(RunEvent event, long time, long timestamp) {
        Set<String> fieldNodes = new TreeSet<>();
        List<DatasetHash> datasets = new ArrayList<>(event.getInputs());
        datasets.addAll(event.getOutputs());
        for (DatasetHash dataset : datasets) {
            for (String field : dataset.getFields()) {
                hasField(dataset.getDataset(), field, time, timestamp, fieldNodes);
            }
        }
        for (ColumnLineage column : event.getColumnLineage()) {
            String derived = hasField(column.getOutput().getDataset(), column.getOutput().getField(), time, timestamp,
                    fieldNodes);
            for (FieldInput input : column.getInputs()) {
                String from = hasField(input.getDataset(), input.getField(), time, timestamp, fieldNodes);
                String how = input.getTransformation() == null ? null
                        : (input.getIndirect() ? "INDIRECT:" : "") + input.getTransformation();
                context.forward(output.edge(from, derived, EdgeKind.DERIVED, time, timestamp, event.getRunId(), how),
                        GRAPH_ENTRIES);
            }
        }
    }

    /** The field's node id; its node and its {@code dataset → datasetField} edge the first time this event names it. */
    private String hasField(DatasetId dataset, String field, long time, long timestamp, Set<String> named) {
        String id = NodeIds.datasetField(dataset.getNamespace(), dataset.getName(), field);
        if (named.add(id)) {
            context.forward(output.node(new Node(id, NodeKind.DATASET_FIELD, time, null), timestamp), GRAPH_ENTRIES);
            context.forward(output.edge(NodeIds.dataset(dataset.getNamespace(), dataset.getName()), id,
                    EdgeKind.HAS_FIELD, time, timestamp), GRAPH_ENTRIES);
        }
        return id;
    }

    private static void merge(RunDetail detail, RunEvent event, long time) {
        String version = EventVersion.of(time, event.getEventId());
        detail.setObserved(true);
        if (EventVersion.isNewer(version, detail.getJobVersion())) {
            detail.setJobVersion(version);
            detail.setJobNamespace(event.getJob().getNamespace());
            detail.setJobName(event.getJob().getName());
        }
        String state = event.getState().name();
        if (detail.getState() == null || stateOrder(state, time).compareTo(stateOrder(detail.getState(),
                detail.getStateTime())) > 0) {
            detail.setState(state);
            detail.setStateTime(time);
        }
        if (isTerminal(state)) {
            detail.setEndedAt(detail.getEndedAt() == null ? time : Math.min(detail.getEndedAt(), time));
        } else {
            detail.setStartedAt(detail.getStartedAt() == null ? time : Math.min(detail.getStartedAt(), time));
        }
        detail.setInputs(union(detail.getInputs(), event.getInputs(), time));
        detail.setOutputs(union(detail.getOutputs(), event.getOutputs(), time));
        if (event.getCode() != null && EventVersion.isNewer(version, detail.getCodeVersion())) {
            detail.setCodeVersion(version);
            detail.setCodeRepository(event.getCode().getRepository());
            detail.setCodeCommit(event.getCode().getCommit());
            detail.setCodePath(event.getCode().getPath());
        }
        if (event.getParentRunId() != null && EventVersion.isNewer(version, detail.getParentRunVersion())) {
            detail.setParentRunVersion(version);
            detail.setParentRunId(event.getParentRunId());
        }
        EventVersion.mergeByKey(detail.getParameters(), detail.getParameterVersions(), event.getParameters(), version);
        EventVersion.mergeByKey(detail.getFacets(), detail.getFacetVersions(), event.getFacets(), version);
    }

    /** Terminal states win over running ones; then the later event; then the name, so ties are decided too. */
    private static String stateOrder(String state, long time) {
        return (isTerminal(state) ? "1" : "0") + String.format("%019d", time) + state;
    }

    private static boolean isTerminal(String state) {
        return state.equals("COMPLETE") || state.equals("FAIL") || state.equals("ABORT");
    }

    private static List<DatasetRef> union(List<DatasetRef> known, List<DatasetHash> declared, long time) {
        List<DatasetRef> merged = new ArrayList<>(known);
        for (DatasetHash hash : declared) {
            DatasetRef ref = new DatasetRef(hash.getDataset().getNamespace(), hash.getDataset().getName(),
                    hash.getContentHash(), time, sortedFields(hash.getFields()));
            int index = indexOf(merged, ref);
            if (index < 0) {
                merged.add(ref);
            } else {
                DatasetRef before = merged.get(index);
                // The columns named by any event of the run; the earliest time it named the dataset.
                TreeSet<String> fields = new TreeSet<>(before.getFields());
                fields.addAll(ref.getFields());
                merged.set(index, new DatasetRef(before.getNamespace(), before.getName(), before.getContentHash(),
                        Math.min(before.getFirstSeen(), time), new ArrayList<>(fields)));
            }
        }
        merged.sort(REF_ORDER);
        return merged;
    }

    private static List<String> sortedFields(List<String> fields) {
        return new ArrayList<>(new TreeSet<>(fields));
    }

    private static int indexOf(List<DatasetRef> refs, DatasetRef wanted) {
        for (int i = 0; i < refs.size(); i++) {
            if (REF_ORDER.compare(refs.get(i), wanted) == 0) {
                return i;
            }
        }
        return -1;
    }

    private void forwardChanges(RunState before, RunState after, long timestamp) {
        RunDetail detail = after.getDetail();
        String runNode = NodeIds.run(detail.getRunId());
        context.forward(output.node(new Node(runNode, NodeKind.RUN, after.getFirstSeen(), detail), timestamp),
                GRAPH_ENTRIES);
        boolean firstSeenChanged = before == null || before.getFirstSeen() != after.getFirstSeen();
        boolean jobChanged = before == null || !Objects.equals(before.getDetail().getJobName(), detail.getJobName())
                || !Objects.equals(before.getDetail().getJobNamespace(), detail.getJobNamespace());
        if (detail.getJobName() != null && (firstSeenChanged || jobChanged)) {
            context.forward(output.edge(NodeIds.job(detail.getJobNamespace(), detail.getJobName()), runNode,
                    EdgeKind.RAN, after.getFirstSeen(), timestamp), GRAPH_ENTRIES);
        }
        List<DatasetRef> inputsBefore = before == null ? List.of() : before.getDetail().getInputs();
        for (DatasetRef input : detail.getInputs()) {
            if (!inputsBefore.contains(input)) {
                context.forward(output.edge(datasetNode(input), runNode, EdgeKind.READ_BY, input.getFirstSeen(),
                        timestamp), GRAPH_ENTRIES);
                reference(detail.getRunId(), input, false, timestamp);
            }
        }
        List<DatasetRef> outputsBefore = before == null ? List.of() : before.getDetail().getOutputs();
        for (DatasetRef written : detail.getOutputs()) {
            if (!outputsBefore.contains(written)) {
                context.forward(output.edge(runNode, datasetNode(written), EdgeKind.PRODUCED, written.getFirstSeen(),
                        timestamp), GRAPH_ENTRIES);
                reference(detail.getRunId(), written, true, timestamp);
            }
        }
    }

    /** A version node when the hash is known; the dataset itself when the emitter could not hash it. */
    private static String datasetNode(DatasetRef ref) {
        return ref.getContentHash() == null
                ? NodeIds.dataset(ref.getNamespace(), ref.getName())
                : NodeIds.datasetVersion(ref.getNamespace(), ref.getName(), ref.getContentHash());
    }

    private void reference(String runId, DatasetRef ref, boolean output, long timestamp) {
        if (ref.getContentHash() == null) {
            return;
        }
        String key = EventKeys.of(new DatasetId(ref.getNamespace(), ref.getName()));
        context.forward(new Record<>(key, new DatasetReference(ref.getNamespace(), ref.getName(),
                ref.getContentHash(), ref.getFirstSeen(), runId, output, ref.getFields()), timestamp),
                DATASET_REFERENCES);
    }
}
