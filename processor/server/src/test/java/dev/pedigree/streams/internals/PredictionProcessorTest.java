package dev.pedigree.streams.internals;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static dev.pedigree.streams.Pipelines.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.Prediction;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.UsageKeys;
import dev.pedigree.graph.store.UsageIncrement;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.StoreNames;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prediction processor alone: stored once, counted once per usage key, sent on at each flush. */
class PredictionProcessorTest {

    private static final String MODEL_VERSION = NodeIds.modelVersion("ctr", "1");
    private static final String FEATURES = NodeIds.datasetVersion("features", "users", hash("users v1"));

    private MockProcessorContext<String, UsageIncrement> context;
    private PredictionProcessor processor;
    private WindowStore<String, Prediction> predictions;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>(ProcessorStores.settings());
        predictions = ProcessorStores.window(context, StoreNames.PREDICTIONS, Prediction.class, Duration.ofDays(30));
        ProcessorStores.keyValue(context, StoreNames.PENDING_USAGE, UsageStats.class);
        processor = new PredictionProcessor();
        processor.init(context);
    }

    private void process(Prediction prediction) {
        processor.process(new Record<>(prediction.getPredictionId(), prediction,
                prediction.getEventTime().toEpochMilli()));
    }

    private void flush() {
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(at(100).toEpochMilli());
    }

    private Map<String, UsageIncrement> sent() {
        return context.forwarded().stream().collect(Collectors.toMap(f -> f.record().key(), f -> f.record().value()));
    }

    @Test
    void predictionsAreCountedPerModelVersionAndPerFeatureVersionAtTheFlush() {
        process(Pipelines.prediction("p1", "ctr", "1", at(1), ref("features", "users", hash("users v1"))));
        process(Pipelines.prediction("p2", "ctr", "1", at(3), ref("features", "users", hash("users v1"))));
        assertThat(context.forwarded()).as("nothing is sent before the flush").isEmpty();

        flush();

        assertThat(sent()).containsOnlyKeys(UsageKeys.modelVersion(MODEL_VERSION),
                UsageKeys.featureVersion(FEATURES, MODEL_VERSION));
        UsageIncrement byModel = sent().get(UsageKeys.modelVersion(MODEL_VERSION));
        assertThat(byModel.getCount()).isEqualTo(2);
        assertThat(byModel.getFirst()).isEqualTo(at(1).toEpochMilli());
        assertThat(byModel.getLast()).isEqualTo(at(3).toEpochMilli());
    }

    @Test
    void aRedeliveredPredictionIsNeitherStoredNorCountedAgain() {
        Prediction prediction = Pipelines.prediction("p1", "ctr", "1", at(1));
        process(prediction);
        flush();
        context.resetForwards();

        process(prediction);
        flush();

        assertThat(context.forwarded()).isEmpty();
        try (var stored = predictions.fetch("p1", 0L, Long.MAX_VALUE)) {
            assertThat(stored.hasNext()).isTrue();
            stored.next();
            assertThat(stored.hasNext()).as("stored once").isFalse();
        }
    }

    @Test
    void aFeatureWithoutAHashCountsOnlyForTheModelVersion() {
        process(Pipelines.prediction("p1", "ctr", "1", at(1), ref("features", "users", null)));
        flush();
        assertThat(sent()).containsOnlyKeys(UsageKeys.modelVersion(MODEL_VERSION));
    }

    @Test
    void aFlushSendsEachCountOnce() {
        process(Pipelines.prediction("p1", "ctr", "1", at(1)));
        flush();
        context.resetForwards();
        flush();
        assertThat(context.forwarded()).isEmpty();
    }
}
