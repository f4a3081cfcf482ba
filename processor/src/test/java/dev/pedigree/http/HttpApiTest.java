package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.config.PedigreeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void aTokenGuardsV1ButNotHealth() throws Exception {
        start(Map.of("PEDIGREE_API_TOKEN", "s3cret"));
        assertThat(get("/v1/openapi.json", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/openapi.json", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/v1/openapi.json", "s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/lineage", null).statusCode()).isEqualTo(401);
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
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

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JacksonJsonMapper.MAPPER.readTree(response.body());
    }
}
