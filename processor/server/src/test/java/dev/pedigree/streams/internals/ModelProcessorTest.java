package dev.pedigree.streams.internals;

import static dev.pedigree.streams.Pipelines.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.ModelVersion;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.ModelVersionDetail;
import dev.pedigree.graph.store.ModelVersionState;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.StoreNames;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The model processor alone: the model-version node and its two kinds of edges. */
class ModelProcessorTest {

    private static final String VERSION = NodeIds.modelVersion("churn", "1");

    private MockProcessorContext<String, GraphEntry> context;
    private ModelProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        ProcessorStores.keyValue(context, StoreNames.MODEL_VERSIONS, ModelVersionState.class);
        processor = new ModelProcessor();
        processor.init(context);
    }

    private void process(ModelVersion event) {
        processor.process(new Record<>(event.getName() + "/" + event.getVersion(), event,
                event.getEventTime().toEpochMilli()));
    }

    private java.util.List<String> forwarded() {
        return context.forwarded().stream().map(f -> ProcessorStores.describe(f.record().value())).toList();
    }

    @Test
    void aModelVersionForwardsItsNodeTheModelEdgeAndTheTrainingEdge() {
        process(Pipelines.model("churn", "1", "train-1", at(5), 0.8));
        assertThat(forwarded()).containsExactly("node " + VERSION,
                "HAS_MODEL_VERSION model:churn → " + VERSION,
                "TRAINED run:train-1 → " + VERSION);
    }

    @Test
    void theSameEventAgainForwardsNothing() {
        ModelVersion event = Pipelines.model("churn", "1", "train-1", at(5), 0.8);
        process(event);
        context.resetForwards();
        process(event);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void newerMetricsReplaceTheNodesAttributesWithoutNewEdges() {
        process(Pipelines.model("churn", "1", "train-1", at(5), 0.8));
        context.resetForwards();
        process(Pipelines.model("churn", "1", "train-1", at(6), 0.9));
        assertThat(forwarded()).containsExactly("node " + VERSION);
        ModelVersionDetail detail = (ModelVersionDetail) context.forwarded().get(0).record().value().getNode()
                .getDetail();
        assertThat(detail.getMetrics()).containsEntry("accuracy", 0.9);
    }

    @Test
    void anOlderEventKeepsTheNewerAttributesButMovesFirstSeenEarlier() {
        process(Pipelines.model("churn", "1", "train-1", at(6), 0.9));
        context.resetForwards();
        process(Pipelines.model("churn", "1", "train-1", at(5), 0.8));
        GraphEntry node = context.forwarded().get(0).record().value();
        assertThat(node.getNode().getFirstSeen()).isEqualTo(at(5).toEpochMilli());
        assertThat(((ModelVersionDetail) node.getNode().getDetail()).getMetrics()).containsEntry("accuracy", 0.9);
        assertThat(forwarded()).contains("HAS_MODEL_VERSION model:churn → " + VERSION,
                "TRAINED run:train-1 → " + VERSION);
    }

    @Test
    void aSecondTrainingRunAddsItsEdgeAndKeepsTheFirst() {
        process(Pipelines.model("churn", "1", "train-1", at(5), 0.8));
        context.resetForwards();
        process(Pipelines.model("churn", "1", "train-2", at(7), 0.8));
        assertThat(forwarded()).containsExactly("node " + VERSION, "TRAINED run:train-2 → " + VERSION);
    }
}
