package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.audit.BundleVerifier;
import dev.pedigree.audit.InMemorySubtreeHashes;
import dev.pedigree.audit.Checkpoint;
import dev.pedigree.audit.LeafData;
import dev.pedigree.audit.Merkle;
import dev.pedigree.audit.MerkleTree;
import dev.pedigree.audit.NoteVerifier;
import dev.pedigree.audit.ProofBundle;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.metrics.PedigreeMetrics;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.StoreNames;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log on the real broker: predictions flow while the processor is killed with SIGKILL and restarted; every
 * checkpoint signed before and after the kill matches the tree recomputed from the topic's records (same leaves,
 * indexes and roots: nothing lost, nothing appended twice), consecutive checkpoints are consistent ({@code audit
 * verify}), and a decision's bundles verify offline with the public key alone ({@code audit verify --bundle}).
 */
@ExtendWith(RealRuntimeExtension.class)
class AuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATION = "pedigree-audit-it";
    private static final String TAG = "-audit-it";
    private static final int PREDICTIONS = 3_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private int port;

    @Test
    void aKillDuringAppendsLeavesTheSameLeavesAndRootsAndProofsVerifyOffline(EmbeddedRuntime runtime)
            throws Exception {
        Path home = ItPaths.home().resolve("audit-it");
        RealRuntimeExtension.deleteRecursively(home);
        port = freePort();
        // Predictions span ten hours of event time and the prediction store keeps one minute: the early ones are
        // only in the audit log by the end.
        Map<String, String> env = Map.of("PEDIGREE_KAFKA_APPLICATION_ID", APPLICATION,
                "PEDIGREE_HTTP_PORT", Integer.toString(port), "PEDIGREE_AUDIT_CHECKPOINT_MS", "500",
                "PEDIGREE_PREDICTION_RETENTION_MS", "60000");
        List<Prediction> sent = new ArrayList<>();
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                     Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())));
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(),
                     new SpecificAvroSerializer<>(registry))) {
            ProcessorProcess processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                    runtime.schemaRegistryUrl(), env);
            try {
                for (int i = 0; i < PREDICTIONS; i++) {
                    Prediction prediction = Pipelines.prediction("p" + i + TAG, "churn" + TAG, "1",
                            Pipelines.at(i % 600), Pipelines.ref("warehouse" + TAG, "users", Pipelines.hash("u")));
                    sent.add(prediction);
                    producer.send(new ProducerRecord<>(TopicNames.PREDICTIONS, prediction.getPredictionId(),
                            prediction));
                    if (i == PREDICTIONS / 3) {
                        producer.flush();
                        await("checkpoints before the kill").atMost(Duration.ofMinutes(2))
                                .until(() -> leavesCheckpointed() > 100);
                        processor.kill();
                        processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                                runtime.schemaRegistryUrl(), env);
                    }
                }
                producer.flush();
                // The topic is shared with the other tests of the run: the logs hold every record of it.
                Map<Integer, MerkleTree> recomputed = recompute(runtime, registry);
                long records = recomputed.values().stream().mapToLong(MerkleTree::size).sum();
                assertThat(records).isGreaterThanOrEqualTo(PREDICTIONS);
                await("every prediction in a signed checkpoint").atMost(Duration.ofMinutes(3))
                        .until(() -> leavesCheckpointed() >= records);
                assertThat(leavesCheckpointed()).as("no leaf appended twice across the kill").isEqualTo(records);

                NoteVerifier key = NoteVerifier.parse(get("/v1/audit/key").path("key").asText());
                int checked = 0;
                for (JsonNode stored : get("/v1/audit/checkpoints").path("checkpoints")) {
                    if (!stored.path("log").asText().startsWith(APPLICATION + "/" + TopicNames.PREDICTIONS + "/")) {
                        continue;
                    }
                    Checkpoint checkpoint = Checkpoint.open(stored.path("note").asText(), List.of(key));
                    int partition = Integer.parseInt(checkpoint.origin().substring(checkpoint.origin()
                            .lastIndexOf('/') + 1));
                    assertThat(checkpoint.root()).as("checkpoint of %s at %d leaves against the topic's records",
                            checkpoint.origin(), checkpoint.size())
                            .isEqualTo(recomputed.get(partition).root(checkpoint.size()));
                    checked++;
                }
                assertThat(checked).as("checkpoints from before and after the kill").isGreaterThan(8);
                assertThat(recordsProcessed(PedigreeMetrics.AUDIT_LOG)).as("the audit log application's metrics "
                        + "at /metrics").isPositive();
                // The metrics of stores created after /metrics was bound are added at its next refresh (10 s).
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(metrics().lines().filter(line -> line.startsWith("kafka_stream_state_")
                                && line.contains("state_id=\"" + StoreNames.PREDICTIONS + "\"")))
                                .as("a window store's RocksDB metrics at /metrics, beside the key-value stores'")
                                .isNotEmpty().allMatch(line -> line.contains("store_type=\"rocksdb-window\"")));

                String verified = Cli.runWith(Map.of("PEDIGREE_HOME", home.toString(),
                        "PEDIGREE_BOOTSTRAP_SERVERS", runtime.bootstrapServers(),
                        "PEDIGREE_SCHEMA_REGISTRY_URL", runtime.schemaRegistryUrl(),
                        "PEDIGREE_KAFKA_APPLICATION_ID", APPLICATION), "audit", "verify", "--full",
                        "--url", "http://127.0.0.1:" + port);
                assertThat(verified).contains("checkpoint(s) of").doesNotContain("FAILED")
                        .contains("VERIFIED " + APPLICATION + "/" + TopicNames.PREDICTIONS + "/")
                        .contains("records/s");

                Prediction early = sent.get(7);
                JsonNode bundle = get("/v1/audit/proof?node=" + URLEncoder.encode(NodeIds.prediction(
                        early.getPredictionId()), StandardCharsets.UTF_8));
                ProofBundle proof = JSON.convertValue(bundle, ProofBundle.class);
                assertThat(proof.leaf().eventId()).isEqualTo(early.getEventId());
                assertThat(java.util.Base64.getDecoder().decode(proof.leaf().data())).isEqualTo(LeafData.of(early));
                assertThat(BundleVerifier.verify(proof, List.of(key)).verified()).isTrue();
                String reportPath = "/v1/predictions/" + URLEncoder.encode(early.getPredictionId(),
                        StandardCharsets.UTF_8) + "/report";
                // The audit log is an application of its own and may be ahead: the prediction store drops the early
                // record once the provenance application has read its partition's later predictions.
                await("the early prediction's record expired from the prediction store").atMost(Duration.ofMinutes(2))
                        .until(() -> get(reportPath).path("recordExpired").asBoolean());
                JsonNode report = get(reportPath);
                assertThat(report.path("recordExpired").asBoolean()).as("rebuilt from the audit log").isTrue();
                assertThat(report.path("decision").path("predictionId").asText()).isEqualTo(early.getPredictionId());
                assertThat(report.path("proofs").get(0).path("node").asText())
                        .isEqualTo(NodeIds.prediction(early.getPredictionId()));
                assertThat(report.path("proofs").get(0).path("status").asText()).as("checked by BundleVerifier")
                        .isEqualTo("VERIFIED");
                assertThat(report.path("proofs").get(1).path("status").asText())
                        .as("the model version was never recorded").isEqualTo("NOT_IN_LOG");
                String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/predictions/" + URLEncoder.encode(early.getPredictionId(), StandardCharsets.UTF_8)
                        + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(page).contains("Proof that these records were not altered").contains("✓ verified")
                        .contains("has expired from Pedigree's prediction store")
                        .contains(key.verifierKey());
                Path file = home.resolve("bundle.json");
                Files.writeString(file, bundle.toString());
                String offline = Cli.runWith(Map.of("PEDIGREE_HOME", home.resolve("elsewhere").toString(),
                        "PEDIGREE_BOOTSTRAP_SERVERS", "127.0.0.1:" + freePort()), "audit", "verify", "--bundle",
                        file.toString(), "--key", key.verifierKey());
                assertThat(offline).as("no broker, no server: the bundle and the key")
                        .contains("VERIFIED leaf " + proof.leaf().index()).contains("1 bundle(s) verified");
            } finally {
                processor.close();
            }
        }
    }

    /** The leaves the newest checkpoint of each prediction log covers, in all. */
    private long leavesCheckpointed() throws Exception {
        Map<String, Long> newest = new HashMap<>();
        for (JsonNode checkpoint : get("/v1/audit/checkpoints").path("checkpoints")) {
            if (checkpoint.path("log").asText().startsWith(APPLICATION + "/" + TopicNames.PREDICTIONS + "/")) {
                newest.merge(checkpoint.path("log").asText(), checkpoint.path("treeSize").asLong(), Math::max);
            }
        }
        return newest.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each prediction partition's tree, rebuilt from the topic's committed records in offset order. */
    private static Map<Integer, MerkleTree> recompute(EmbeddedRuntime runtime, RestSchemaRegistryClient registry) {
        Map<Integer, MerkleTree> trees = new HashMap<>();
        SpecificAvroDeserializer<Prediction> values = new SpecificAvroDeserializer<>(Prediction.class, registry);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicNames.PREDICTIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            partitions.forEach(p -> trees.put(p.partition(), new MerkleTree(new InMemorySubtreeHashes())));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Prediction prediction = values.deserialize(record.topic(), record.value());
                    trees.get(record.partition()).append(Merkle.leafHash(LeafData.of(prediction)));
                }
            }
        }
        return trees;
    }

    /** {@code kafka_stream_thread_process_total} of one application, summed over its threads, from /metrics. */
    private double recordsProcessed(String application) throws Exception {
        String prefix = "kafka_stream_thread_process_total{application=\"" + application + "\"";
        return metrics().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** The Prometheus text at /metrics. */
    private String metrics() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
