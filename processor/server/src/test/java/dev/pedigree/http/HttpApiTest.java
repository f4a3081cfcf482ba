package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.streams.Restores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server's own behaviour before any data is attached: health, auth, errors, the OpenAPI description. */
class HttpApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpApi api;

    private HttpApi start(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PEDIGREE_HTTP_PORT", "0");
        all.put("PEDIGREE_HTTP_HOST", "127.0.0.1");
        api = HttpApi.start(PedigreeConfig.load(null, all));
        return api;
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void isLiveAtOnceAndNotReadyUntilTheProcessorIsAttached() throws Exception {
        start(Map.of());
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Retry-After")).contains("1");
        HttpResponse<String> data = get("/v1/lineage?node=run:x", null);
        assertThat(data.statusCode()).isEqualTo(503);
        assertThat(json(data).path("error").asText()).isEqualTo("not ready");
    }

    @Test
    void theReadinessAnswerShowsHowFarTheRestoreGot() throws Exception {
        start(Map.of());
        Restores restores = Restores.create();
        api.showRestores(restores);
        assertThat(json(get("/health/ready", null)).has("restore")).isFalse();

        TopicPartition graph = new TopicPartition("pedigree-graph", 2);
        restores.provenance().onRestoreStart(graph, "graph", 0, 5_000);
        restores.provenance().onBatchRestored(graph, "graph", 1_000, 1_000);
        HttpResponse<String> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode answer = json(ready);
        assertThat(answer.path("status").asText()).isEqualTo("STARTING");
        assertThat(answer.path("restore").path("recordsRestored").asLong()).isEqualTo(1_000);
        assertThat(answer.path("restore").path("recordsRemaining").asLong()).isEqualTo(4_000);
        assertThat(answer.path("restore").path("partitionsBegun").asInt()).isEqualTo(1);
        assertThat(answer.path("restore").path("partitionsDone").asInt()).isZero();
        assertThat(answer.path("restore").size()).isEqualTo(4);
    }

    @Test
    void servesPrometheusMetricsWithRequestTimingsPerRoute() throws Exception {
        start(Map.of());
        get("/health/live", null);
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("pedigree_http_requests_seconds_count{method=\"GET\",route=\"/health/live\"")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void aTokenGuardsTheApiButNotHealthMetricsOrTheExplorer() throws Exception {
        start(Map.of("PEDIGREE_API_TOKEN", "s3cret"));
        assertThat(get("/v1/openapi.json", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/openapi.json", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/v1/openapi.json", "s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/v1/lineage?node=run:r-1", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/lineage", null).statusCode()).isEqualTo(401);
        assertThat(get("/internal/v1/usage", null).statusCode()).isEqualTo(401);
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
        assertThat(get("/", null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAreJson404() throws Exception {
        start(Map.of());
        HttpResponse<String> response = get("/v1/nothing/here", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("message").asText()).contains("/v1/nothing/here");
    }

    @Test
    void theOpenApiDescriptionListsEveryRoute() throws Exception {
        start(Map.of());
        JsonNode doc = json(get("/v1/openapi.json", null));
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/v1/predictions/{id}/provenance", "/v1/lineage", "/v1/datasets/{namespace}/{name}",
                "/v1/models/{name}/versions/{version}", "/v1/models/compare", "/v1/impact", "/v1/events/{kind}",
                "/health/live", "/health/ready");
        assertThat(doc.path("paths").path("/v1/lineage").path("get").path("parameters").toString())
                .contains("\"node\"").contains("\"direction\"").contains("\"depth\"").contains("\"asOf\"");
    }

    @Test
    void servesHttpsOnlyWithAConfiguredKeystore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws Exception {
        java.nio.file.Path keystore = folder.resolve("pedigree.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "pedigree", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        start(Map.of("PEDIGREE_HTTP_TLS_KEYSTORE_PATH", keystore.toString(),
                "PEDIGREE_HTTP_TLS_KEYSTORE_PASSWORD", "changeit"));

        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) { }
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) { }
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        HttpClient https = HttpClient.newBuilder().sslContext(trustAll).build();
        HttpResponse<String> secure = https.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + api.port() + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(secure.statusCode()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> get("/health/live", null))
                .as("plain HTTP on the TLS port").isInstanceOf(java.io.IOException.class);
    }

    /** The answer, which must be one JSON document and nothing after it. */
    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JacksonJsonMapper.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(response.body());
    }
}
