package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.events.AlertType;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Severity;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.EventKeys;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.Pipelines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dataset mutated in place on the real broker: exactly one CRITICAL alert on {@code pedigree.alerts}
 * (read_committed), printed by {@code ./pedigree alerts tail}, delivered to a webhook served here on 127.0.0.1,
 * and shown by the dataset route.
 */
@ExtendWith(RealRuntimeExtension.class)
class AlertsIT {

    private static final String NAMESPACE = "lake-alerts-it";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anInPlaceMutationAlertsOnceEverywhere(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("alerts-it");
        RealRuntimeExtension.deleteRecursively(home);
        List<JsonNode> hooked = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            hooked.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        int httpPort = freePort();
        Tail tail = null;
        try (ProcessorProcess processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                runtime.schemaRegistryUrl(), Map.of(
                        "PEDIGREE_KAFKA_APPLICATION_ID", "pedigree-alerts-it",
                        "PEDIGREE_HTTP_PORT", Integer.toString(httpPort),
                        "PEDIGREE_ALERT_GRACE_MS", "2000",
                        "PEDIGREE_ALERT_WEBHOOK_URLS",
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
             RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                     Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())));
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                     new StringSerializer(), new SpecificAvroSerializer<>(registry));
             KafkaConsumer<String, LineageAlert> alerts = alertConsumer(runtime, registry)) {
            tail = startTail(home, runtime);
            awaitWebhookAssigned(runtime, "pedigree-alerts-it-webhook");

            send(producer, Pipelines.dataset(NAMESPACE, "users", Pipelines.hash("v1"), "2026-11-24", Instant.now(), null));
            DatasetVersion mutated = Pipelines.dataset(NAMESPACE, "users", Pipelines.hash("v1 edited"), "2026-11-24",
                    Instant.now(), null);
            send(producer, mutated);
            send(producer, mutated); // delivered twice: still one alert

            List<LineageAlert> raised = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (raised.isEmpty() && System.nanoTime() < deadline) {
                raised.addAll(ours(alerts.poll(Duration.ofMillis(200))));
            }
            long settle = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < settle) {
                raised.addAll(ours(alerts.poll(Duration.ofMillis(200))));
            }
            assertThat(raised).singleElement().satisfies(alert -> {
                assertThat(alert.getType()).isEqualTo(AlertType.HASH_CHANGED_IN_PLACE);
                assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
                assertThat(alert.getObservedHash()).isEqualTo(Pipelines.hash("v1 edited"));
            });
            String alertId = raised.get(0).getAlertId();

            await().atMost(Duration.ofSeconds(30)).until(() -> hooked.stream()
                    .anyMatch(h -> h.path("alertId").asText().equals(alertId)));
            assertThat(hooked.stream().filter(h -> h.path("alertId").asText().equals(alertId))).hasSize(1);

            assertThat(tail.process().waitFor(30, TimeUnit.SECONDS)).as("alerts tail --limit 1 stops after the alert")
                    .isTrue();
            String printed = String.join("\n", tail.reader().lines().toList());
            assertThat(printed).contains("CRITICAL").contains("HASH_CHANGED_IN_PLACE").contains(NAMESPACE + "/users")
                    .contains("[2026-11-24]");

            HttpResponse<String> dataset = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + httpPort + "/v1/datasets/" + URLEncoder.encode(NAMESPACE,
                            StandardCharsets.UTF_8) + "/users")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(dataset.body()).path("alerts").toString()).contains(alertId);

        } finally {
            receiver.stop(0);
            if (tail != null) {
                tail.process().destroyForcibly();
            }
        }
    }

    /** The webhook reads from the latest offset: it must hold its partitions before the first alert. */
    private static void awaitWebhookAssigned(EmbeddedRuntime runtime, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                runtime.bootstrapServers()))) {
            await("the webhook's consumer group " + group + " to hold the alerts' partitions")
                    .atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> {
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                                .get().get(group);
                        return description.groupState() == GroupState.STABLE && description.members().stream()
                                .anyMatch(member -> !member.assignment().topicPartitions().isEmpty());
                    });
        }
    }

    private static List<LineageAlert> ours(Iterable<ConsumerRecord<String, LineageAlert>> records) {
        List<LineageAlert> mine = new ArrayList<>();
        for (ConsumerRecord<String, LineageAlert> record : records) {
            if (record.value() != null && record.value().getDataset().getNamespace().equals(NAMESPACE)) {
                mine.add(record.value());
            }
        }
        return mine;
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, DatasetVersion event) throws Exception {
        producer.send(new ProducerRecord<>(TopicNames.DATASETS, EventKeys.of(event), event)).get();
    }

    private static KafkaConsumer<String, LineageAlert> alertConsumer(EmbeddedRuntime runtime,
            RestSchemaRegistryClient registry) {
        KafkaConsumer<String, LineageAlert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new SpecificAvroDeserializer<>(LineageAlert.class, registry));
        List<TopicPartition> partitions = consumer.partitionsFor(TopicNames.ALERTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static Tail startTail(Path home, EmbeddedRuntime runtime) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ItPaths.launcher().toString(), "alerts", "tail",
                "--severity", "CRITICAL", "--dataset", NAMESPACE + "/users", "--limit", "1")
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("tail.log").toFile()));
        builder.environment().put("PEDIGREE_HOME", home.toString());
        builder.environment().put("PEDIGREE_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
        builder.environment().put("PEDIGREE_SCHEMA_REGISTRY_URL", runtime.schemaRegistryUrl());
        Process process = builder.start();
        // Wait for its "Following …" line, so it is positioned before the mutation.
        BufferedReader firstLine = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(firstLine.readLine()).startsWith("Following pedigree.alerts");
        return new Tail(process, firstLine);
    }

    /** The tail process and the reader of its output (which has consumed the first line). */
    private record Tail(Process process, BufferedReader reader) {
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
