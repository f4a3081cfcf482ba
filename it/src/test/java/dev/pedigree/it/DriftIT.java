package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.embedded.FreePort;
import dev.pedigree.events.AlertType;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.http.JacksonJsonMapper;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.topic.TopicNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drift as a user meets it, on the real broker and registry: two versions of a feature table published with
 * {@code ./pedigree emit dataset}, the second one written by a release that computes {@code ctr_7d} with integer
 * division. One DISTRIBUTION_DRIFT alert on {@code pedigree.alerts} (read_committed) and over HTTP, naming the
 * column with its statistic, and the diff of the two versions column by column.
 */
@ExtendWith(RealRuntimeExtension.class)
class DriftIT {

    private static final String NAMESPACE = "features-drift-it";
    private static final Pattern HASH = Pattern.compile("DatasetVersion \\S+ (sha256:[0-9a-f]{64})");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCollapsedFeatureColumnIsAlertedOnceAndShownInTheDiff(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("drift-it");
        RealRuntimeExtension.deleteRecursively(home);
        int port = FreePort.find();
        try (ProcessorProcess processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                runtime.schemaRegistryUrl(), Map.of("PEDIGREE_KAFKA_APPLICATION_ID", "pedigree-drift-it",
                        "PEDIGREE_HTTP_PORT", Integer.toString(port)));
             KafkaConsumer<String, LineageAlert> alerts = alertConsumer(runtime)) {
            String good = emit(runtime, home, features(home.resolve("user_features-1.csv"), false), "2026-12-01");
            String bad = emit(runtime, home, features(home.resolve("user_features-2.csv"), true), "2026-12-02");

            List<LineageAlert> drift = new ArrayList<>();
            await("the drift alert on " + TopicNames.ALERTS).atMost(Duration.ofMinutes(1)).until(() -> {
                alerts.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value().getDataset().getNamespace().equals(NAMESPACE)
                            && record.value().getType() == AlertType.DISTRIBUTION_DRIFT) {
                        drift.add(record.value());
                    }
                });
                return !drift.isEmpty();
            });
            LineageAlert alert = drift.get(0);
            assertThat(alert.getExpectedHash()).isEqualTo(good);
            assertThat(alert.getObservedHash()).isEqualTo(bad);
            assertThat(alert.getColumns()).extracting(c -> c.getName()).containsExactly("ctr_7d");
            assertThat(alert.getMessage()).containsPattern("ctr_7d: type DOUBLE → INTEGER, mean 0\\.0\\d\\d → 0\\.000, "
                    + "PSI \\d+\\.\\d\\d");

            JsonNode listed = get(port, "/v1/alerts");
            assertThat(listed.path("alerts").findValuesAsText("alertId")).contains(alert.getAlertId());

            String dataset = "/v1/datasets/" + NAMESPACE + "/user_features";
            JsonNode diff = get(port, dataset + "/diff?from=" + good + "&to=" + bad);
            assertThat(diff.path("drifted").toString()).isEqualTo("[\"ctr_7d\"]");
            for (JsonNode column : diff.path("columns")) {
                String name = column.path("name").asText();
                assertThat(column.path("status").asText()).as(name)
                        .isEqualTo(name.equals("ctr_7d") ? "TYPE_CHANGED" : name.equals("user_id") ? "SAME" : "CHANGED");
            }
            JsonNode version = get(port, dataset + "/versions/" + bad);
            assertThat(version.path("columns").findValuesAsText("name")).containsExactly("user_id", "ctr_7d",
                    "segment", "views");

            await("no second alert").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                alerts.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value().getDataset().getNamespace().equals(NAMESPACE)
                            && record.value().getType() == AlertType.DISTRIBUTION_DRIFT) {
                        drift.add(record.value());
                    }
                });
                return drift.size() == 1;
            });
        }
    }

    /** 3,000 users; with the bug, ctr_7d is clicks / views in integer arithmetic: 0. */
    private static Path features(Path file, boolean integerDivision) throws Exception {
        Random random = new Random(integerDivision ? 2 : 1);
        StringBuilder csv = new StringBuilder("user_id,ctr_7d,segment,views\n");
        for (int user = 0; user < 3_000; user++) {
            int views = 20 + random.nextInt(200);
            int clicks = (int) (views * (0.01 + 0.05 * random.nextDouble()));
            String ctr = integerDivision ? Integer.toString(clicks / views)
                    : String.format(java.util.Locale.ROOT, "%.4f", (double) clicks / views);
            csv.append('u').append(user).append(',').append(ctr).append(',')
                    .append(random.nextBoolean() ? "new" : "loyal").append(',').append(views).append('\n');
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, csv);
    }

    /** {@code ./pedigree emit dataset}; the content hash it printed. */
    private static String emit(EmbeddedRuntime runtime, Path home, Path file, String label) throws Exception {
        String output = Cli.run(runtime, home, "emit", "dataset", "--namespace", NAMESPACE, "--name",
                "user_features", "--file", file.toString(), "--label", label);
        assertThat(output).as("the per-column summary").containsPattern("ctr_7d\\s+(DOUBLE|INTEGER)\\s+3,000");
        Matcher hash = HASH.matcher(output);
        assertThat(hash.find()).as(output).isTrue();
        return hash.group(1);
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JacksonJsonMapper.MAPPER.readTree(response.body());
    }

    private static KafkaConsumer<String, LineageAlert> alertConsumer(EmbeddedRuntime runtime) {
        KafkaConsumer<String, LineageAlert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "drift-it",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new SpecificAvroDeserializer<>(LineageAlert.class,
                        new RestSchemaRegistryClient(new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL,
                                runtime.schemaRegistryUrl())))));
        consumer.subscribe(List.of(TopicNames.ALERTS));
        return consumer;
    }
}
