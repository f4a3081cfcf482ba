package dev.pedigree.streams.internals;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static dev.pedigree.streams.Pipelines.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.DatasetReference;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.StoreNames;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run processor alone: what it forwards for each event. */
class RunProcessorTest {

    private MockProcessorContext<String, SpecificRecord> context;
    private RunProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        KeyValueStore<String, dev.pedigree.graph.store.RunState> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.RUNS), Serdes.String(),
                InternalSerde.of(dev.pedigree.graph.store.RunState.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new RunProcessor();
        processor.init(context);
    }

    private void process(RunEvent event) {
        processor.process(new Record<>(event.getRunId(), event, event.getEventTime().toEpochMilli()));
    }

    @Test
    void aStartEventForwardsTheRunItsJobEdgeItsInputEdgeAndAReference() {
        process(Pipelines.run("r1", "impute", RunState.START, at(1), List.of(ref("w", "in", hash("i"))), List.of(),
                "c", Map.of()));
        List<Object> forwarded = context.forwarded().stream().map(f -> (Object) f.record().value()).toList();

        assertThat(forwarded).filteredOn(GraphEntry.class::isInstance).map(v -> (GraphEntry) v)
                .extracting(e -> e.getNode() != null ? "node " + e.getNode().getId()
                        : e.getEdge().getKind() + " " + e.getEdge().getFrom() + " → " + e.getEdge().getTo())
                .containsExactly("node run:r1",
                        "RAN job:churn:impute → run:r1",
                        EdgeKind.READ_BY + " " + NodeIds.datasetVersion("w", "in", hash("i")) + " → run:r1");
        assertThat(context.forwarded()).filteredOn(f -> f.record().value() instanceof DatasetReference)
                .singleElement().satisfies(f -> assertThat(f.record().key()).isEqualTo("w/in"));
        assertThat(context.forwarded()).as("each record to the child of its type").allSatisfy(f ->
                assertThat(f.childName()).contains(f.record().value() instanceof GraphEntry
                        ? RunProcessor.GRAPH_ENTRIES : RunProcessor.DATASET_REFERENCES));
    }

    @Test
    void theSameEventTwiceForwardsNothingTheSecondTime() {
        RunEvent event = Pipelines.run("r1", "impute", RunState.START, at(1), List.of(ref("w", "in", hash("i"))),
                List.of(), "c", Map.of());
        process(event);
        context.resetForwards();
        process(event);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void aLaterEventOnlyForwardsWhatItAdds() {
        process(Pipelines.run("r1", "impute", RunState.START, at(1), List.of(ref("w", "in", hash("i"))), List.of(),
                "c", Map.of()));
        context.resetForwards();
        process(Pipelines.run("r1", "impute", RunState.COMPLETE, at(2), List.of(ref("w", "in", hash("i"))),
                List.of(ref("w", "out", hash("o"))), "c", Map.of()));
        assertThat(context.forwarded()).extracting(f -> f.record().value() instanceof GraphEntry g && g.getEdge() != null
                ? g.getEdge().getKind().name() : f.record().value().getClass().getSimpleName())
                .containsExactly("GraphEntry", "PRODUCED", "DatasetReference");
    }

    @Test
    void anUnhashedOutputLinksTheDatasetAndSendsNoReference() {
        process(Pipelines.run("r1", "export", RunState.COMPLETE, at(1), List.of(),
                List.of(ref("s3://bucket", "export", null)), null, Map.of()));
        assertThat(context.forwarded()).filteredOn(f -> f.record().value() instanceof GraphEntry g
                        && g.getEdge() != null && g.getEdge().getKind() == EdgeKind.PRODUCED)
                .singleElement().satisfies(f -> assertThat(((GraphEntry) f.record().value()).getEdge().getTo())
                        .isEqualTo(NodeIds.dataset("s3://bucket", "export")));
        assertThat(context.forwarded()).noneMatch(f -> f.record().value() instanceof DatasetReference);
    }
}
