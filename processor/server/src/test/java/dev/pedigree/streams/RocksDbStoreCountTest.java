package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.profiles.DriftSettings;
import dev.pedigree.runtime.TopicLayout;
import dev.pedigree.schema.registry.InMemorySchemaRegistry;
import dev.pedigree.schema.topic.PedigreeTopics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class RocksDbStoreCountTest {

    @Test
    void storesCountOncePerTaskAndWindowStoresOncePerSegment() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("kv"), Serdes.String(),
                Serdes.String()));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore("window", Duration.ofDays(2),
                Duration.ofMillis(1), false), Serdes.String(), Serdes.String()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("global"), Serdes.String(),
                Serdes.String()).withLoggingDisabled(), "reference", Consumed.with(Serdes.String(), Serdes.String()),
                Ignore::new);
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(Forward::new, Named.as("first"), "kv")
                .repartition(Repartitioned.<String, String>as("by-other-key").withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.String()))
                .process(Forward::new, Named.as("second"), "window");

        int count = RocksDbStoreCount.of(builder.build().describe(), Map.of("in", 3, "reference", 1),
                Set.of("window"));

        assertThat(count).as("3 tasks × kv, 3 tasks (the repartition topic has the 3 partitions of its writer) × 3 "
                + "segments of the window store, 1 global store").isEqualTo(3 + 3 * 3 + 1);
    }

    @Test
    void pedigreesTopologiesOnTheTopicsItCreates() {
        PedigreeTopics topics = PedigreeTopics.using(InMemorySchemaRegistry.forScope("count-" + UUID.randomUUID()));
        TopologySettings settings = new TopologySettings(Duration.ofDays(30), Duration.ofSeconds(10),
                DriftSettings.DEFAULTS, Duration.ofSeconds(10), Duration.ofDays(184), true);
        Map<String, Integer> partitions = TopicLayout.topics((short) 1, Duration.ofDays(30)).stream()
                .collect(Collectors.toMap(NewTopic::name, NewTopic::numPartitions));

        // runs (4 tasks): runs; datasets (4): history, profiles, pending checks, raised alerts; models (2):
        // versions; predictions (8): 3 segments of the prediction store, pending usage; usage (8): usage; global:
        // graph, alerts, audit checkpoints.
        assertThat(RocksDbStoreCount.of(PedigreeTopology.build(topics, settings).describe(), partitions,
                PedigreeTopology.WINDOW_STORES)).isEqualTo(4 + 4 * 4 + 2 + 8 * (3 + 1) + 8 + 3);
        // The audit log's application: a log per partition of the four topics.
        assertThat(RocksDbStoreCount.of(AuditLogTopology.build(topics, settings).describe(), partitions,
                PedigreeTopology.WINDOW_STORES)).isEqualTo(4 + 4 + 2 + 8);
    }

    /** A global store's processor that keeps nothing. */
    private static final class Ignore implements Processor<String, String, Void, Void> {
        @Override
        public void process(Record<String, String> record) {
        }
    }

    /** A processor that forwards what it gets. */
    private static final class Forward implements Processor<String, String, String, String> {
        private org.apache.kafka.streams.processor.api.ProcessorContext<String, String> context;

        @Override
        public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> record) {
            context.forward(record);
        }
    }
}
