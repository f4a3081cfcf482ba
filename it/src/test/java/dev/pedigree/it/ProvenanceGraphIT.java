package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphKeys;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.Provenance;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.EventKeys;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.StreamsSettings;
import dev.pedigree.streams.internals.InternalSerde;
import dev.pedigree.graph.UsageKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provenance processor as an operator runs it ({@code ./pedigree serve}) on the real broker and registry:
 * the graph materializes, a prediction's provenance reaches its source CSV, a {@code kill -9} mid-stream loses and
 * duplicates nothing, and poison pills land in {@code pedigree.dlq}.
 */
@ExtendWith(RealRuntimeExtension.class)
class ProvenanceGraphIT {

    private static final int BULK_PREDICTIONS = 3_000;
    /** This test's own names: the broker is shared with other test classes. */
    private static final String TAG = "-graph-it";
    private static final String MODEL_VERSION = NodeIds.modelVersion("churn" + TAG, "1");
    /** The node kinds written after a repartition: the last to land. */
    private static final Set<NodeKind> DATASET_KINDS = Set.of(NodeKind.DATASET, NodeKind.DATASET_VERSION);
    private static final String RAW = NodeIds.datasetVersion("file:///data" + TAG, "users.csv",
            Pipelines.hash("users v1"));

    @Test
    void graphSurvivesAKillWithNothingLostOrDuplicated(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("graph-it");
        RealRuntimeExtension.deleteRecursively(home);
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                     Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())));
             KafkaProducer<String, SpecificRecord> producer = producer(runtime, registry);
             GraphMirror mirror = new GraphMirror(runtime.bootstrapServers())) {
            ProcessorProcess processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                    runtime.schemaRegistryUrl());
            try {
                List<SpecificRecord> pipeline = Pipelines.csvImputeScaleTrain(TAG);
                pipeline.forEach(event -> send(producer, event));
                producer.flush();

                Prediction p1 = (Prediction) pipeline.get(pipeline.size() - 2);
                await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                    Provenance provenance = mirror.provenance().prediction(p1, TraversalLimits.DEFAULT,
                            GraphReader.LATEST);
                    assertThat(provenance.modelVersion()).isNotNull();
                    assertThat(provenance.datasets()).extracting(d -> d.version().getId()).contains(RAW);
                    assertThat(provenance.trainingRuns()).extracting(n -> n.getId())
                            .containsExactly(NodeIds.run("train-1" + TAG));
                });
                Map<String, GraphEntry> before = awaitQuiet(mirror);
                assertThat(before).containsKey("N|" + NodeIds.dataset("warehouse" + TAG, "users_scaled"));

                for (int i = 0; i < BULK_PREDICTIONS; i++) {
                    send(producer, Pipelines.prediction("bulk-" + i + TAG, "churn" + TAG, "1",
                            Pipelines.at(100 + i % 60),
                            Pipelines.ref("warehouse" + TAG, "users_scaled", Pipelines.hash("users scaled v1"))));
                    if (i == BULK_PREDICTIONS / 3) {
                        producer.flush();
                        // Killed mid-stream: once it has counted some of the bulk, before it has all of it.
                        await().atMost(Duration.ofMinutes(1)).until(
                                () -> usage(runtime, UsageKeys.modelVersion(MODEL_VERSION)),
                                stats -> stats != null && stats.getCount() > 2);
                        processor.kill();
                        processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                                runtime.schemaRegistryUrl());
                    }
                }
                producer.flush();

                long expected = BULK_PREDICTIONS + 2L;
                await().atMost(Duration.ofMinutes(3)).until(() -> usage(runtime, UsageKeys.modelVersion(MODEL_VERSION)),
                        stats -> stats != null && stats.getCount() >= expected);
                await("predictions counted exactly once across the kill, and staying so")
                        .during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .until(() -> usage(runtime, UsageKeys.modelVersion(MODEL_VERSION)).getCount() == expected);
                assertThat(mirror.snapshot()).as("graph after restart").isEqualTo(before);
            } finally {
                processor.close();
            }
        }
    }

    @Test
    void poisonPillsReachTheDeadLetterTopicWithTheError(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("dlq-it");
        RealRuntimeExtension.deleteRecursively(home);
        String key = "poison/" + System.nanoTime();
        try (ProcessorProcess processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                runtime.schemaRegistryUrl());
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(TopicNames.DATASETS, key, "not avro".getBytes(StandardCharsets.UTF_8))).get();
            ConsumerRecord<String, byte[]> dead = awaitDeadLetter(runtime, key);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            List<String> headers = new ArrayList<>();
            for (Header header : dead.headers()) {
                headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
            }
            assertThat(String.join("\n", headers)).contains("unknown magic byte").contains(TopicNames.DATASETS);
        }
    }

    /**
     * The graph once this test's part of it is whole and two snapshots two seconds apart agree. Whole: every dataset
     * and dataset version that its edges name has its node. The edges a run event writes can land before the nodes of
     * the datasets it names (those are written after a repartition), so a quiet spell alone does not prove every
     * entry has landed.
     */
    private static Map<String, GraphEntry> awaitQuiet(GraphMirror mirror) {
        List<Map<String, GraphEntry>> snapshots = new ArrayList<>(List.of(mirror.snapshot()));
        await("the graph to be whole and stop changing").atMost(Duration.ofMinutes(2))
                .pollDelay(Duration.ofSeconds(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    snapshots.add(mirror.snapshot());
                    Map<String, GraphEntry> latest = snapshots.get(snapshots.size() - 1);
                    assertThat(missingNodes(latest)).as("edge ends without their node").isEmpty();
                    assertThat(latest).as("the graph two seconds later").isEqualTo(snapshots.get(snapshots.size() - 2));
                });
        return snapshots.get(snapshots.size() - 1);
    }

    /** The datasets and dataset versions at the ends of this test's edges that have no node in {@code graph}. */
    private static List<String> missingNodes(Map<String, GraphEntry> graph) {
        return graph.keySet().stream()
                .filter(key -> key.startsWith(GraphKeys.OUT_EDGES) && key.contains(TAG))
                .flatMap(key -> Stream.of(key.substring(GraphKeys.OUT_EDGES.length()).split("\\|")))
                .filter(id -> DATASET_KINDS.contains(NodeIds.parse(id).kind()))
                .filter(id -> !graph.containsKey(GraphKeys.node(id)))
                .distinct().toList();
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(EmbeddedRuntime runtime, String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TopicNames.DLQ, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter with key " + key);
    }

    /** The latest committed value of a usage key, read from the usage store's changelog. */
    private static UsageStats usage(EmbeddedRuntime runtime, String key) {
        String changelog = StreamsSettings.DEFAULT_APPLICATION_ID + "-prediction-usage-changelog";
        InternalSerde<UsageStats> serde = InternalSerde.of(UsageStats.class);
        UsageStats latest = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog).stream()
                    .map(p -> new TopicPartition(changelog, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        latest = serde.fromBytes(record.value());
                    }
                }
            }
        }
        return latest;
    }

    private static KafkaProducer<String, SpecificRecord> producer(EmbeddedRuntime runtime,
            RestSchemaRegistryClient registry) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new SpecificAvroSerializer<>(registry));
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, SpecificRecord event) {
        producer.send(new ProducerRecord<>(topicOf(event), keyOf(event), event));
    }

    private static String topicOf(SpecificRecord event) {
        return switch (event.getSchema().getName()) {
            case "DatasetVersion" -> TopicNames.DATASETS;
            case "RunEvent" -> TopicNames.RUNS;
            case "ModelVersion" -> TopicNames.MODELS;
            case "Prediction" -> TopicNames.PREDICTIONS;
            default -> throw new IllegalArgumentException(event.getSchema().getName());
        };
    }

    private static String keyOf(SpecificRecord event) {
        if (event instanceof dev.pedigree.events.DatasetVersion e) {
            return EventKeys.of(e);
        } else if (event instanceof dev.pedigree.events.RunEvent e) {
            return EventKeys.of(e);
        } else if (event instanceof dev.pedigree.events.ModelVersion e) {
            return EventKeys.of(e);
        }
        return EventKeys.of((Prediction) event);
    }
}
