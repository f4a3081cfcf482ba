package dev.pedigree.connectors.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelRef;
import dev.pedigree.events.Prediction;
import dev.pedigree.schema.ContentHash;
import dev.pedigree.schema.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaLineageEmitterTest {

    private static final Map<String, Object> UNREACHABLE = Map.of("bootstrap.servers", "127.0.0.1:1",
            "schema.registry.url", "mock://emitter-test", "max.block.ms", 200, "delivery.timeout.ms", 400,
            "request.timeout.ms", 200);

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope("emitter-test");
    }

    @Test
    void anInvalidEventIsRefusedAtTheCallSite() {
        try (KafkaLineageEmitter emitter = new KafkaLineageEmitter(UNREACHABLE)) {
            DatasetVersion bad = DatasetVersion.newBuilder().setEventId("e").setEventTime(Instant.now())
                    .setProducer("p").setDataset(new DatasetId("w", "t")).setContentHash("md5:abc").build();
            assertThatThrownBy(() -> emitter.datasetVersion(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("contentHash must be 'sha256:'");
        }
    }

    @Test
    void anUnreachableBrokerNeverBlocksTheCallerForLongAndIsCounted() {
        try (KafkaLineageEmitter emitter = new KafkaLineageEmitter(UNREACHABLE)) {
            Prediction prediction = Prediction.newBuilder().setEventId("e").setEventTime(Instant.now())
                    .setProducer("p").setPredictionId("p-1").setModel(new ModelRef("m", "1")).build();
            emitter.prediction(prediction);
            // The call returned before Kafka had its say: the failure is known only once the sender gives up.
            assertThat(emitter.failed()).as("outcome unknown when the call returns").isZero();
            emitter.flush();
            assertThat(emitter.failed()).isEqualTo(1);
        }
    }

    @Test
    void eventsBeyondTheQueueAreRefusedAtOnceAndCounted() {
        Map<String, Object> config = new HashMap<>(UNREACHABLE);
        config.put(KafkaLineageEmitter.QUEUE_CAPACITY_CONFIG, 1);
        config.put("max.block.ms", 2_000);
        try (KafkaLineageEmitter emitter = new KafkaLineageEmitter(config)) {
            for (int i = 0; i < 3; i++) {
                emitter.prediction(Prediction.newBuilder().setEventId("e" + i).setEventTime(Instant.now())
                        .setProducer("p").setPredictionId("p-" + i).setModel(new ModelRef("m", "1")).build());
            }
            assertThat(emitter.failed()).as("refused while the sender waits for the broker").isPositive();
            emitter.flush();
            assertThat(emitter.failed()).as("every event delivered or counted").isEqualTo(3);
        }
    }

    @Test
    void theNoopEmitterAcceptsEverything() {
        LineageEmitter noop = LineageEmitter.noop();
        noop.datasetVersion(DatasetVersion.newBuilder().setEventId("e").setEventTime(Instant.now()).setProducer("p")
                .setDataset(new DatasetId("w", "t")).setContentHash(ContentHash.ofUtf8("x")).build());
        noop.flush();
        assertThat(noop.failed()).isZero();
        noop.close();
    }
}
