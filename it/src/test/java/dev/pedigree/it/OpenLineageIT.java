package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.schema.topic.TopicNames;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenLineage events as the OpenLineage transports send them — POSTed to the Marquez paths, and produced to
 * {@code pedigree.openlineage} — appear as runs and dataset versions.
 */
@ExtendWith(RealRuntimeExtension.class)
class OpenLineageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = "sha256:" + "d".repeat(64);
    private final HttpClient http = HttpClient.newHttpClient();

    private static String runEvent(String runId, String type, String namespace) {
        return """
                {"eventType":"%s","eventTime":"2026-11-24T10:00:00Z","producer":"https://example.com/ol-it",
                 "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
                 "run":{"runId":"%s"},"job":{"namespace":"ol-it","name":"etl"},
                 "inputs":[{"namespace":"%s","name":"source","facets":{"version":{
                    "_producer":"https://example.com/ol-it","_schemaURL":"https://example.com/v.json",
                    "datasetVersion":"%s"}}}],
                 "outputs":[{"namespace":"%s","name":"target"}]}""".formatted(type, runId, namespace, HASH, namespace);
    }

    @Test
    void eventsFromBothTransportsBecomeRunsAndDatasetVersions(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("openlineage-it");
        RealRuntimeExtension.deleteRecursively(home);
        int port = freePort();
        String httpRun = "0195b3a2-2222-7f5a-9d3e-2f4b6a8c1d2e";
        String kafkaRun = "0195b3a2-3333-7f5a-9d3e-2f4b6a8c1d2e";
        try (ProcessorProcess processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                runtime.schemaRegistryUrl(), Map.of("PEDIGREE_KAFKA_APPLICATION_ID", "pedigree-openlineage-it",
                        "PEDIGREE_HTTP_PORT", Integer.toString(port)));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            HttpResponse<String> posted = post(port, "/api/v1/lineage", runEvent(httpRun, "COMPLETE", "s3://ol-http"));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
            assertThat(JSON.readTree(posted.body()).path("unhashed").toString()).contains("s3://ol-http/target");
            HttpResponse<String> invalid = post(port, "/api/v1/lineage/batch",
                    "[" + runEvent(httpRun, "START", "s3://ol-http") + ",{\"producer\":\"p\"}]");
            assertThat(invalid.statusCode()).as("one published, one refused").isEqualTo(207);
            JsonNode events = JSON.readTree(invalid.body()).path("events");
            assertThat(events.get(0).path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(events.get(1).path("status").asText()).isEqualTo("REFUSED");
            assertThat(events.get(1).path("field").asText()).isEqualTo("$[1].eventTime");

            producer.send(new ProducerRecord<>(TopicNames.OPENLINEAGE, "run:ol-it/etl",
                    runEvent(kafkaRun, "COMPLETE", "s3://ol-kafka"))).get();

            for (String runId : new String[] {httpRun, kafkaRun}) {
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                    HttpResponse<String> lineage = get(port, "/v1/lineage?node="
                            + URLEncoder.encode(NodeIds.run(runId), StandardCharsets.UTF_8) + "&depth=1");
                    assertThat(lineage.statusCode()).as(lineage.body()).isEqualTo(200);
                    JsonNode nodes = JSON.readTree(lineage.body()).path("nodes");
                    assertThat(nodes.toString()).contains("datasetVersion:").contains("\"state\":\"COMPLETE\"")
                            .contains(NodeIds.job("ol-it", "etl"));
                });
            }
        }
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
