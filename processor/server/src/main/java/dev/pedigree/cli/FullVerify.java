package dev.pedigree.cli;

import dev.pedigree.audit.LeafData;
import dev.pedigree.audit.LogOrigin;
import dev.pedigree.audit.LogVerifier;
import dev.pedigree.audit.Merkle;
import dev.pedigree.audit.NoteVerifier;
import dev.pedigree.audit.SignedNote;
import dev.pedigree.audit.Checkpoint;
import dev.pedigree.config.Connections;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.topic.EventKind;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.StreamsSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code audit verify --full}: reads back every committed record of the four input topics and every checkpoint of
 * {@code pedigree.audit} from Kafka, recomputes each log's leaves as the processor does (a record the processor could
 * not read went to the dead-letter topic and is no leaf), and checks each checkpoint against them with
 * {@link LogVerifier}. Prints each log's outcome and the rate at which records were re-read.
 */
final class FullVerify {

    private static final Duration POLL = Duration.ofMillis(500);
    /** How long a read may go without progress before the command gives up. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private final PedigreeConfig config;
    private final PrintWriter out;

    FullVerify(PedigreeConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    int run(List<NoteVerifier> keys) {
        Connections connections = Connections.resolve(config);
        String application = StreamsSettings.applicationId(config);
        Map<String, List<String>> notes = checkpoints(connections, application);
        long started = System.nanoTime();
        long records = 0;
        int logs = 0;
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                Map.of(SchemaRegistryConfig.URL, connections.schemaRegistryUrl())))) {
            for (EventKind kind : EventKind.values()) {
                SpecificAvroDeserializer<? extends SpecificRecord> values = new SpecificAvroDeserializer<>(
                        kind.type(), registry, config.eventLimits());
                Map<Integer, List<byte[]>> leaves = leaves(connections, kind.topic(), values);
                for (Map.Entry<Integer, List<byte[]>> partition : leaves.entrySet()) {
                    String log = new LogOrigin(application, kind.topic(), partition.getKey()).toString();
                    records += partition.getValue().size();
                    List<String> logNotes = notes.getOrDefault(log, List.of());
                    LogVerifier.Result result = LogVerifier.verify(log, partition.getValue(), logNotes, keys);
                    if (!result.ok()) {
                        out.println("FAILED   " + result.failure());
                        out.flush();
                        return 1;
                    }
                    if (!logNotes.isEmpty()) {
                        logs++;
                        out.printf("VERIFIED %s: %d checkpoint(s) against %,d leaves recomputed from the topic%n",
                                log, result.verified(), result.leaves());
                    }
                }
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        out.printf("Full check: %,d records of %d log(s) re-read and hashed in %.1f s (%,.0f records/s)%n", records,
                logs, seconds, records / seconds);
        return 0;
    }

    /** This application's checkpoint notes from pedigree.audit, by log, by increasing size. */
    private Map<String, List<String>> checkpoints(Connections connections, String application) {
        Map<String, TreeMap<Long, String>> byLog = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(connections, new StringDeserializer())) {
            readAll(consumer, TopicNames.AUDIT, record -> {
                if (record.key() != null && record.key().startsWith(application + "/") && record.value() != null) {
                    try {
                        String note = record.value();
                        Checkpoint checkpoint = Checkpoint.unverified(note);
                        byLog.computeIfAbsent(record.key(), k -> new TreeMap<>()).put(checkpoint.size(), note);
                    } catch (SignedNote.NoteException e) {
                        byLog.computeIfAbsent(record.key(), k -> new TreeMap<>()).put(Long.MAX_VALUE, record.value());
                    }
                }
            });
        }
        Map<String, List<String>> notes = new HashMap<>();
        byLog.forEach((log, sized) -> notes.put(log, new ArrayList<>(sized.values())));
        return notes;
    }

    /** Each partition's leaf hashes, in offset order. */
    private Map<Integer, List<byte[]>> leaves(Connections connections, String topic,
            SpecificAvroDeserializer<? extends SpecificRecord> values) {
        Map<Integer, List<byte[]>> leaves = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(connections, new ByteArrayDeserializer())) {
            readAll(consumer, topic, record -> {
                List<byte[]> partition = leaves.computeIfAbsent(record.partition(), p -> new ArrayList<>());
                try {
                    partition.add(Merkle.leafHash(LeafData.of(values.deserialize(topic, record.value()))));
                } catch (SerializationException e) {
                    // Dead-lettered by the processor: not a leaf.
                }
            });
        }
        return leaves;
    }

    private <V> KafkaConsumer<String, V> consumer(Connections connections,
            org.apache.kafka.common.serialization.Deserializer<V> values) {
        Map<String, Object> settings = new HashMap<>(config.kafkaSettings());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connections.bootstrapServers());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return new KafkaConsumer<>(settings, new StringDeserializer(), values);
    }

    /** Reads every committed record of {@code topic} up to its end as the read started. */
    private static <V> void readAll(KafkaConsumer<String, V> consumer, String topic,
            java.util.function.Consumer<ConsumerRecord<String, V>> each) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long progress = System.nanoTime();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            var records = consumer.poll(POLL);
            if (!records.isEmpty()) {
                progress = System.nanoTime();
            } else if (System.nanoTime() - progress > STALL.toNanos()) {
                throw new IllegalStateException("reading " + topic + " made no progress for " + STALL.toSeconds()
                        + " s");
            }
            for (ConsumerRecord<String, V> record : records) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                }
            }
        }
    }
}
