package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.schema.SampleEvents;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroSerde;
import dev.pedigree.schema.topic.TopicNames;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event type through a real topic of the real broker, framed with ids the real registry assigned. */
@ExtendWith(RealRuntimeExtension.class)
class EventRoundTripIT {

    static Stream<Arguments> everyEventOnItsTopic() {
        return Stream.of(
                Arguments.of(TopicNames.DATASETS, SampleEvents.datasetVersion()),
                Arguments.of(TopicNames.RUNS, SampleEvents.runEvent()),
                Arguments.of(TopicNames.MODELS, SampleEvents.modelVersion()),
                Arguments.of(TopicNames.PREDICTIONS, SampleEvents.prediction()),
                Arguments.of(TopicNames.ALERTS, SampleEvents.alert()));
    }

    @ParameterizedTest
    @MethodSource("everyEventOnItsTopic")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTripsThroughARealTopic(String topic, SpecificRecord event, EmbeddedRuntime runtime) throws Exception {
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())))) {
            SpecificAvroSerde serde = new SpecificAvroSerde(event.getClass(), registry);
            String key = UUID.randomUUID().toString();

            RecordMetadata sent;
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), serde.serializer())) {
                sent = producer.send(new ProducerRecord<>(topic, key, event)).get();
            }
            ConsumerRecord<String, byte[]> received = readAt(runtime, sent);

            Object decoded = serde.deserializer().deserialize(topic, received.value());
            assertThat(decoded).isEqualTo(event);
            assertThat(received.key()).isEqualTo(key);

            int idOnTheWire = ByteBuffer.wrap(received.value(), 1, 4).getInt();
            assertThat(received.value()[0]).isZero();
            assertThat(registry.latest(topic + "-value").id()).isEqualTo(idOnTheWire);
            // A fresh client (no cache) gets the same schema from the registry for that id.
            try (RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                    Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())))) {
                assertThat(fresh.schemaById(idOnTheWire)).isEqualTo(event.getSchema());
            }
        }
    }

    private static ConsumerRecord<String, byte[]> readAt(EmbeddedRuntime runtime, RecordMetadata sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).as("records at " + partition + "@" + sent.offset()).isNotEmpty();
            return records.get(0);
        }
    }
}
