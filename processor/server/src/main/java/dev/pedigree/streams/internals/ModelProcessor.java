package dev.pedigree.streams.internals;

import dev.pedigree.events.ModelVersion;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.ModelVersionDetail;
import dev.pedigree.graph.store.ModelVersionState;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.streams.StoreNames;
import java.util.HashMap;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by {@code name/version}: owns the model-version node and its {@code model → version} and
 * {@code training run → version} edges. Attributes (metrics, hyperparameters, stage…) come from the newest event;
 * a run ever named as trainer keeps its edge, since lineage is history.
 */
public final class ModelProcessor implements Processor<String, ModelVersion, String, GraphEntry> {

    static final String WRITER = "m";

    private final GraphOutput output = new GraphOutput(WRITER);
    private ProcessorContext<String, GraphEntry> context;
    private KeyValueStore<String, ModelVersionState> store;

    @Override
    public void init(ProcessorContext<String, GraphEntry> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.MODEL_VERSIONS);
    }

    @Override
    public void process(Record<String, ModelVersion> record) {
        ModelVersion event = record.value();
        long time = event.getEventTime().toEpochMilli();
        String key = record.key();
        ModelVersionState stored = store.get(key);
        ModelVersionState state = stored == null
                ? new ModelVersionState(time, ModelVersionDetail.newBuilder().setName(event.getName())
                        .setVersion(event.getVersion()).setTrainingRunId(event.getTrainingRunId()).build(),
                        new HashMap<>())
                : SpecificData.get().deepCopy(ModelVersionState.getClassSchema(), stored);
        state.setFirstSeen(Math.min(state.getFirstSeen(), time));
        ModelVersionDetail detail = state.getDetail();
        String version = EventVersion.of(time, event.getEventId());
        if (EventVersion.isNewer(version, detail.getAttributesVersion())) {
            detail.setAttributesVersion(version);
            detail.setTrainingRunId(event.getTrainingRunId());
            detail.setArtifactHash(event.getArtifactHash());
            detail.setMetrics(new HashMap<>(event.getMetrics()));
            detail.setHyperparameters(new HashMap<>(event.getHyperparameters()));
            detail.setStage(event.getStage());
        }
        state.getTrainingRuns().merge(event.getTrainingRunId(), time, Math::min);
        if (state.equals(stored)) {
            return;
        }
        store.put(key, state);
        String modelVersionId = NodeIds.modelVersion(detail.getName(), detail.getVersion());
        long timestamp = record.timestamp();
        context.forward(output.node(new Node(modelVersionId, NodeKind.MODEL_VERSION, state.getFirstSeen(), detail),
                timestamp));
        if (stored == null || stored.getFirstSeen() != state.getFirstSeen()) {
            context.forward(output.edge(NodeIds.model(detail.getName()), modelVersionId, EdgeKind.HAS_MODEL_VERSION,
                    state.getFirstSeen(), timestamp));
        }
        state.getTrainingRuns().forEach((runId, namedAt) -> {
            if (stored == null || !namedAt.equals(stored.getTrainingRuns().get(runId))) {
                context.forward(output.edge(NodeIds.run(runId), modelVersionId, EdgeKind.TRAINED, namedAt, timestamp));
            }
        });
    }
}
