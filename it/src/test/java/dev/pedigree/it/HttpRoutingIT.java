package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.streams.Pipelines;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Pedigree instances on the real broker, driven only through HTTP as a user would: events are posted to one,
 * every prediction's provenance is answered by either (the owner reads its partition, the other forwards), and
 * everything still answers after one instance stops and its partitions move.
 */
@ExtendWith(RealRuntimeExtension.class)
class HttpRoutingIT {

    private static final String TAG = "-routing-it";
    private static final int PREDICTIONS = 120;
    private static final String TOKEN = "it-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eitherInstanceAnswersEveryPredictionAndTheSurvivorAnswersAlone(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("routing-it");
        RealRuntimeExtension.deleteRecursively(home);
        int portA = freePort();
        int portB = freePort();
        Map<String, String> common = Map.of("PEDIGREE_KAFKA_APPLICATION_ID", "pedigree-routing-it",
                "PEDIGREE_API_TOKEN", TOKEN);
        ProcessorProcess a = ProcessorProcess.start(home.resolve("a"), runtime.bootstrapServers(),
                runtime.schemaRegistryUrl(), with(common, "PEDIGREE_HTTP_PORT", Integer.toString(portA)));
        ProcessorProcess b = ProcessorProcess.start(home.resolve("b"), runtime.bootstrapServers(),
                runtime.schemaRegistryUrl(), with(common, "PEDIGREE_HTTP_PORT", Integer.toString(portB)));
        try {
            String scaled = Pipelines.hash("users scaled v1");
            post(portA, "datasets", """
                    {"dataset":{"namespace":"file:///data%1$s","name":"users.csv"},"contentHash":"%2$s",
                     "versionLabel":"2026-11-01"}""".formatted(TAG, Pipelines.hash("users v1")));
            post(portA, "runs", """
                    {"runId":"scale%1$s","job":{"namespace":"churn","name":"scale"},"state":"COMPLETE",
                     "inputs":[{"dataset":{"namespace":"file:///data%1$s","name":"users.csv"},"contentHash":"%2$s"}],
                     "outputs":[{"dataset":{"namespace":"warehouse%1$s","name":"users_scaled"},"contentHash":"%3$s"}],
                     "code":{"repository":"https://git.example.com/churn.git","commit":"c0ffee"}}"""
                    .formatted(TAG, Pipelines.hash("users v1"), scaled));
            post(portB, "runs", """
                    {"runId":"train%1$s","job":{"namespace":"churn","name":"train"},"state":"COMPLETE",
                     "inputs":[{"dataset":{"namespace":"warehouse%1$s","name":"users_scaled"},"contentHash":"%2$s"}],
                     "parameters":{"trees":"100"}}""".formatted(TAG, scaled));
            post(portB, "models", """
                    {"name":"churn%1$s","version":"1","trainingRunId":"train%1$s","metrics":{"accuracy":0.9}}"""
                    .formatted(TAG));
            for (int i = 0; i < PREDICTIONS; i++) {
                post(i % 2 == 0 ? portA : portB, "predictions", """
                        {"predictionId":"p/%2$d%1$s","model":{"name":"churn%1$s","version":"1"},
                         "features":[{"dataset":{"namespace":"warehouse%1$s","name":"users_scaled"},"contentHash":"%3$s"}]}"""
                        .formatted(TAG, i, scaled));
            }

            String raw = NodeIds.datasetVersion("file:///data" + TAG, "users.csv", Pipelines.hash("users v1"));
            for (int port : List.of(portA, portB)) {
                await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                    for (int i = 0; i < PREDICTIONS; i++) {
                        JsonNode provenance = getOk(port, "/v1/predictions/" + encode("p/" + i + TAG) + "/provenance");
                        assertThat(provenance.path("modelVersion").path("id").asText())
                                .isEqualTo(NodeIds.modelVersion("churn" + TAG, "1"));
                        assertThat(provenance.path("datasets").toString()).contains(raw);
                    }
                });
            }
            String scaledVersion = NodeIds.datasetVersion("warehouse" + TAG, "users_scaled", scaled);
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                JsonNode impact = getOk(portB, "/v1/impact?node=" + encode(scaledVersion));
                assertThat(impact.path("modelVersions").get(0).path("predictionsReadingThisVersion").path("count")
                        .asLong()).isEqualTo(PREDICTIONS);
            });
            everyRouteAnswersAsDesignSays(portB, raw);
            printLatency(portA);

            b.close();
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                for (int i = 0; i < PREDICTIONS; i++) {
                    getOk(portA, "/v1/predictions/" + encode("p/" + i + TAG) + "/provenance");
                }
            });
            assertThat(get(portA, "/v1/predictions/" + encode("p/none" + TAG) + "/provenance").statusCode())
                    .isEqualTo(404);
        } finally {
            a.close();
            b.close();
        }
    }

    private void everyRouteAnswersAsDesignSays(int port, String raw) throws Exception {
        JsonNode dataset = getOk(port, "/v1/datasets/" + encode("file:///data" + TAG) + "/users.csv");
        assertThat(dataset.path("versions").get(0).path("labels").toString()).contains("2026-11-01");
        JsonNode lineage = getOk(port, "/v1/lineage?node=" + encode(raw) + "&direction=downstream&depth=3");
        assertThat(lineage.path("nodes").toString()).contains(NodeIds.run("scale" + TAG), NodeIds.run("train" + TAG));
        JsonNode model = getOk(port, "/v1/models/churn" + TAG + "/versions/1");
        assertThat(model.path("trainingRuns").get(0).path("parameters").path("trees").asText()).isEqualTo("100");
        JsonNode compare = getOk(port, "/v1/models/compare?left=churn" + TAG + ":1&right=churn" + TAG + ":1");
        assertThat(compare.path("verdict").asText()).isEqualTo("NO_LINEAGE_DIFFERENCE");
        assertThat(get(port, "/v1/lineage?node=" + encode(raw) + "&depth=x").statusCode()).isEqualTo(400);
        assertThat(get(port, "/v1/lineage?node=nonsense").statusCode()).isEqualTo(400);
        assertThat(get(port, "/v1/lineage?node=run:absent").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/lineage?node=" + raw))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("no token").isEqualTo(401);
        assertThat(getOk(port, "/health/ready").path("status").asText()).isEqualTo("READY");
    }

    /** Not an assertion: the provenance lookup's latency from one instance, half its keys forwarded. */
    private void printLatency(int port) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < PREDICTIONS; i++) {
                long start = System.nanoTime();
                getOk(port, "/v1/predictions/" + encode("p/" + i + TAG) + "/provenance");
                micros.add((System.nanoTime() - start) / 1_000);
            }
        }
        Collections.sort(micros);
        System.out.printf("provenance lookup over HTTP, 2 instances, %d lookups: p50 %.2f ms, p99 %.2f ms%n",
                micros.size(), micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() * 99 / 100) / 1000.0);
    }

    private void post(int port, String kind, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/events/" + kind))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private JsonNode getOk(int port, String path) throws Exception {
        HttpResponse<String> response = get(port, path);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
