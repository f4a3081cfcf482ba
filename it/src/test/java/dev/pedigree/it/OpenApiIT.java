package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pedigree.demo.ChurnScenario;
import dev.pedigree.demo.RankingScenario;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.http.JacksonJsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI description against the real answers: scenarios 1 and 3 run on the real broker and registry, then
 * every documented route is called (answers and errors alike) and each JSON body is validated against the schema
 * the description gives for its path, method, status and content type. Every documented JSON answer must have
 * been seen, so a route added without its description, or a description that no longer fits, fails here.
 */
@ExtendWith(RealRuntimeExtension.class)
class OpenApiIT {

    private static final String SCHEMAS = "#/components/schemas/";

    private final HttpClient http = HttpClient.newHttpClient();
    private final SchemaRegistry validators = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Set<String> seen = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();
    private JsonNode spec;
    private String baseUrl;

    @Test
    void everyDocumentedAnswerMatchesItsSchema(EmbeddedRuntime runtime) throws Exception {
        try (InputStream in = JacksonJsonMapper.class.getResourceAsStream("/openapi.json");
             ScenarioHarness harness = ScenarioHarness.start(runtime, "openapi")) {
            spec = JacksonJsonMapper.MAPPER.readTree(in);
            baseUrl = harness.baseUrl();
            ChurnScenario.Outcome churn = ChurnScenario.run(harness.context());
            RankingScenario.Outcome ranking = RankingScenario.run(harness.context());
            harness.awaitCaughtUp();

            String prediction = ScenarioHarness.encode(ranking.affectedPrediction());
            String model = churn.model();
            var bad = ranking.badUserFeatures();
            String badVersion = ScenarioHarness.encode(NodeIds.datasetVersion(bad.getDataset().getNamespace(),
                    bad.getDataset().getName(), bad.getContentHash()));
            String modelNode = ScenarioHarness.encode(NodeIds.modelVersion(model, ChurnScenario.BASELINE));

            get("/v1/predictions/{id}/provenance", "/v1/predictions/" + prediction + "/provenance", 200);
            get("/v1/predictions/{id}/provenance", "/v1/predictions/no-such-prediction/provenance", 404);
            get("/v1/predictions/{id}/provenance", "/v1/predictions/" + prediction + "/provenance?asOf=soon", 400);
            get("/v1/predictions/{id}/report", "/v1/predictions/" + prediction + "/report", 200);
            get("/v1/predictions/{id}/report", "/v1/predictions/" + prediction + "/report?asOf=soon", 400);
            get("/v1/predictions/{id}/report", "/v1/predictions/no-such-prediction/report", 404);
            get("/v1/lineage", "/v1/lineage?node=" + modelNode + "&direction=upstream&depth=5", 200);
            get("/v1/lineage", "/v1/lineage?node=" + modelNode + "&depth=999", 400);
            get("/v1/lineage", "/v1/lineage?node=" + modelNode + "&direction=upstream&view=nodes", 200);
            get("/v1/lineage", "/v1/lineage?node=" + modelNode + "&view=ids", 400);
            get("/v1/lineage", "/v1/lineage?node=" + ScenarioHarness.encode("run:no-such-run"), 404);
            get("/v1/datasets/{namespace}/{name}", "/v1/datasets/" + ScenarioHarness.encode(bad.getDataset()
                    .getNamespace()) + "/" + ScenarioHarness.encode(bad.getDataset().getName()), 200);
            get("/v1/datasets/{namespace}/{name}", "/v1/datasets/nowhere/nothing", 404);
            String source = "/v1/datasets/" + ScenarioHarness.encode(churn.source().getNamespace()) + "/"
                    + ScenarioHarness.encode(churn.source().getName());
            List<String> hashes = harness.get(source).path("versions").findValuesAsText("contentHash");
            assertThat(hashes).as("the churn source's versions before and after the update").hasSize(2);
            get("/v1/datasets/{namespace}/{name}/versions/{contentHash}", source + "/versions/" + hashes.get(0), 200);
            get("/v1/datasets/{namespace}/{name}/versions/{contentHash}", source + "/versions/sha256:nothex", 400);
            get("/v1/datasets/{namespace}/{name}/versions/{contentHash}", source + "/versions/sha256:"
                    + "0".repeat(64), 404);
            get("/v1/datasets/{namespace}/{name}/diff", source + "/diff?from=" + hashes.get(0) + "&to="
                    + hashes.get(1), 200);
            get("/v1/datasets/{namespace}/{name}/diff", source + "/diff?from=" + hashes.get(0), 400);
            get("/v1/datasets/{namespace}/{name}/diff", source + "/diff?from=" + hashes.get(0) + "&to=sha256:"
                    + "0".repeat(64), 404);
            get("/v1/datasets/{namespace}/{name}", "/v1/datasets/nowhere/nothing?asOf=soon", 400);
            get("/v1/models/{name}/versions/{version}", "/v1/models/" + ScenarioHarness.encode(model) + "/versions/"
                    + ChurnScenario.BASELINE, 200);
            get("/v1/models/{name}/versions/{version}", "/v1/models/nothing/versions/1", 404);
            get("/v1/models/{name}/versions/{version}", "/v1/models/nothing/versions/1?asOf=soon", 400);
            String datasheet = "/v1/models/" + ScenarioHarness.encode(model) + "/versions/" + ChurnScenario.BASELINE
                    + "/datasheet";
            get("/v1/models/{name}/versions/{version}/datasheet", datasheet, 200);
            get("/v1/models/{name}/versions/{version}/datasheet", "/v1/models/nothing/versions/1/datasheet", 404);
            get("/v1/models/{name}/versions/{version}/datasheet", datasheet + "?asOf=soon", 400);
            get("/v1/models/compare", "/v1/models/compare?left=" + ScenarioHarness.encode(model + ":"
                    + ChurnScenario.BASELINE) + "&right=" + ScenarioHarness.encode(model + ":"
                    + ChurnScenario.AFTER_DATA_UPDATE), 200);
            get("/v1/models/compare", "/v1/models/compare?left=no-version", 400);
            get("/v1/models/compare", "/v1/models/compare?left=nothing:1&right=nothing:2", 404);
            get("/v1/impact", "/v1/impact?node=" + badVersion, 200);
            get("/v1/impact", "/v1/impact?node=" + modelNode, 200);
            get("/v1/impact", "/v1/impact", 400);
            get("/v1/impact", "/v1/impact?node=" + ScenarioHarness.encode("run:no-such-run"), 404);
            get("/v1/alerts", "/v1/alerts", 200);
            get("/v1/alerts", "/v1/alerts?since=yesterday", 400);
            get("/v1/audit/key", "/v1/audit/key", 200);
            String predictionNode = ScenarioHarness.encode(NodeIds.prediction(ranking.affectedPrediction()));
            await("the prediction covered by a signed checkpoint").atMost(Duration.ofMinutes(1)).until(() ->
                    harness.status("/v1/audit/proof?node=" + predictionNode) == 200);
            get("/v1/audit/proof", "/v1/audit/proof?node=" + predictionNode, 200);
            get("/v1/audit/proof", "/v1/audit/proof", 400);
            get("/v1/audit/proof", "/v1/audit/proof?eventId=no-such-event", 404);
            JsonNode checkpoint = harness.get("/v1/audit/checkpoints").path("checkpoints").get(0);
            String log = ScenarioHarness.encode(checkpoint.path("log").asText());
            long size = checkpoint.path("treeSize").asLong();
            get("/v1/audit/checkpoints", "/v1/audit/checkpoints?log=" + log, 200);
            get("/v1/audit/checkpoints", "/v1/audit/checkpoints?log=nothing", 400);
            get("/v1/audit/consistency", "/v1/audit/consistency?log=" + log + "&from=" + size + "&to=" + size, 200);
            get("/v1/audit/consistency", "/v1/audit/consistency?log=" + log + "&from=0&to=" + size, 400);
            get("/v1/audit/consistency", "/v1/audit/consistency?log=" + log + "&from=1&to=" + (size + 1_000_000),
                    404);
            await("the datasheet's facts covered by signed checkpoints").atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> {
                        JsonNode sheet = harness.get(datasheet);
                        assertThat(sheet.path("data").findValuesAsText("name"))
                                .as("the training data, down to the source").contains(churn.source().getName());
                        assertThat(sheet.path("data").get(sheet.path("data").size() - 1).path("columns"))
                                .as("profiled").isNotEmpty();
                        assertThat(sheet.path("proofs").findValuesAsText("status"))
                                .as("each fact proven by the audit log").isNotEmpty()
                                .allMatch(status -> status.equals("VERIFIED"));
                    });
            get("/health/live", "/health/live", 200);
            get("/health/ready", "/health/ready", 200);

            post("/v1/events/{kind}", "/v1/events/datasets", "{\"dataset\":{\"namespace\":\"openapi-it\","
                    + "\"name\":\"users\"},\"contentHash\":\"sha256:" + "a".repeat(64) + "\"}", 202);
            post("/v1/events/{kind}", "/v1/events/datasets", "{\"dataset\":{\"namespace\":\"openapi-it\"}}", 400);
            post("/v1/events/{kind}", "/v1/events/alerts", "{}", 404);
            String openLineage = "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-24T10:17:00Z\","
                    + "\"producer\":\"https://example.com/openapi-it\",\"schemaURL\":"
                    + "\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\","
                    + "\"run\":{\"runId\":\"0195b3a2-7c1e-7f5a-9d3e-2f4b6a8c1d2e\"},"
                    + "\"job\":{\"namespace\":\"openapi-it\",\"name\":\"job\"},\"inputs\":[],\"outputs\":[]}";
            post("/api/v1/lineage", "/api/v1/lineage", openLineage, 201);
            post("/api/v1/lineage", "/api/v1/lineage", "not json", 400);
            post("/api/v1/lineage/batch", "/api/v1/lineage/batch", "[" + openLineage + "]", 200);
            post("/api/v1/lineage/batch", "/api/v1/lineage/batch", "[" + openLineage + ",{\"eventType\":1}]", 207);
            post("/api/v1/lineage/batch", "/api/v1/lineage/batch", "[{\"eventType\":\"COMPLETE\"}]", 400);
            String dataset = "{\"dataset\":{\"namespace\":\"openapi-it\",\"name\":\"batch\"},\"contentHash\":\"sha256:"
                    + "b".repeat(64) + "\"}";
            post("/v1/events/{kind}/batch", "/v1/events/datasets/batch", "[" + dataset + "]", 200);
            post("/v1/events/{kind}/batch", "/v1/events/datasets/batch", dataset + "\n{\"colour\":1}\n", 207);
            post("/v1/events/{kind}/batch", "/v1/events/datasets/batch", "{\"colour\":1}", 400);
            post("/v1/events/{kind}/batch", "/v1/events/datasets/batch", "[]", 400);
            post("/v1/events/{kind}/batch", "/v1/events/alerts/batch", "[]", 404);
            // Every ingestion route: a body that decodes past the limit (64 MiB by default) and an encoding it
            // does not decode.
            byte[] bomb = gzip("[" + " ".repeat(65 << 20) + "]");
            for (String[] route : new String[][] {{"/v1/events/{kind}", "/v1/events/datasets"},
                    {"/v1/events/{kind}/batch", "/v1/events/datasets/batch"}, {"/api/v1/lineage", "/api/v1/lineage"},
                    {"/api/v1/lineage/batch", "/api/v1/lineage/batch"}}) {
                encoded(route[0], route[1], bomb, "gzip", 413);
                encoded(route[0], route[1], dataset.getBytes(StandardCharsets.UTF_8), "br", 415);
            }

            assertThat(problems).as("answers that do not match the OpenAPI description").isEmpty();
            assertThat(seen).as("documented JSON answers seen").containsAll(documentedJsonAnswers());
        }
    }

    private void get(String path, String url, int status) throws Exception {
        call("get", path, HttpRequest.newBuilder(URI.create(baseUrl + url)).header("Accept", "application/json")
                .GET(), status);
    }

    private void post(String path, String url, String body, int status) throws Exception {
        call("post", path, HttpRequest.newBuilder(URI.create(baseUrl + url)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), status);
    }

    private void encoded(String path, String url, byte[] body, String encoding, int status) throws Exception {
        call("post", path, HttpRequest.newBuilder(URI.create(baseUrl + url)).header("Content-Type",
                "application/json").header("Content-Encoding", encoding).POST(HttpRequest.BodyPublishers
                .ofByteArray(body)), status);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private void call(String method, String path, HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String where = method.toUpperCase() + " " + path + " " + response.statusCode();
        assertThat(response.statusCode()).as("%s: %s", where, response.body()).isEqualTo(status);
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        JsonNode schema = spec.path("paths").path(path).path(method).path("responses").path(Integer.toString(status))
                .path("content").path(type).path("schema");
        if (schema.isMissingNode()) {
            problems.add(where + ": no schema for " + type + " in the description");
            return;
        }
        seen.add(method.toUpperCase() + " " + path + " " + status);
        JsonNode body = JacksonJsonMapper.MAPPER.readTree(response.body());
        ObjectNode document = (ObjectNode) standard(schema.deepCopy());
        document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        document.set("$defs", standard(spec.path("components").path("schemas").deepCopy()));
        for (Error error : validators.getSchema(document).validate(body)) {
            problems.add(where + ": " + error.getInstanceLocation() + " " + error.getMessage());
        }
    }

    /** Every (method, path, status) whose answer the description gives as JSON. */
    private Set<String> documentedJsonAnswers() {
        Set<String> answers = new TreeSet<>();
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().path("responses").fields().forEachRemaining(response -> {
                    String status = response.getKey();
                    boolean json = response.getValue().path("content").has("application/json");
                    boolean common = Set.of("401", "503").contains(status); // any route, whatever it is asked
                    if (json && !common) {
                        answers.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + status);
                    }
                })));
        return answers;
    }

    /** An OpenAPI 3.0 schema as JSON Schema 2020-12: {@code nullable} as a null type, components as $defs. */
    private static JsonNode standard(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("nullable").asBoolean(false) && object.has("type")) {
                ArrayNode types = JacksonJsonMapper.MAPPER.createArrayNode().add(object.get("type")).add("null");
                object.set("type", types);
            } else if (object.path("nullable").asBoolean(false)) {
                ObjectNode original = object.deepCopy();
                original.remove("nullable");
                object.removeAll();
                object.putArray("anyOf").add(original).addObject().put("type", "null");
            }
            object.remove("nullable");
            object.remove("example");
            if (object.get("$ref") instanceof TextNode ref && ref.asText().startsWith(SCHEMAS)) {
                object.put("$ref", "#/$defs/" + ref.asText().substring(SCHEMAS.length()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                standard(fields.next().getValue());
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(OpenApiIT::standard);
        }
        return node;
    }
}
