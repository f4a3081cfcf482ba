package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.graph.NodeIds;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.io.ByteArrayOutputStream;
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
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingestion over HTTP as clients send it, against {@code ./pedigree serve} on the real broker: batches (JSON array
 * and NDJSON, plain and gzip) answered event by event, the bad bodies of the contract, the official OpenLineage
 * client with {@code compression: gzip}, and {@code ./pedigree emit --http}.
 */
@ExtendWith(RealRuntimeExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpIngestIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small, so that the over-the-limit bodies stay small too. */
    private static final int MAX_BODY = 256 * 1024;
    private final HttpClient http = HttpClient.newHttpClient();
    private ProcessorProcess processor;
    private Path home;
    private int port;

    @BeforeAll
    void start(EmbeddedRuntime runtime) throws Exception {
        home = ItPaths.home().resolve("http-ingest-it");
        RealRuntimeExtension.deleteRecursively(home);
        port = freePort();
        processor = ProcessorProcess.start(home, runtime.bootstrapServers(), runtime.schemaRegistryUrl(), Map.of(
                "PEDIGREE_KAFKA_APPLICATION_ID", "pedigree-http-ingest-it",
                "PEDIGREE_HTTP_PORT", Integer.toString(port),
                "PEDIGREE_HTTP_MAX_BODY_BYTES", Integer.toString(MAX_BODY)));
    }

    @AfterAll
    void stop() throws Exception {
        if (processor != null) {
            processor.close();
        }
    }

    private static String dataset(String namespace, String name, char hash) {
        return """
                {"dataset":{"namespace":"%s","name":"%s"},"contentHash":"sha256:%s"}"""
                .formatted(namespace, name, String.valueOf(hash).repeat(64));
    }

    @Test
    void aJsonArrayBatchIsPublishedAndAnsweredEventByEvent() throws Exception {
        String body = "[" + dataset("http-it", "a", 'a') + "," + dataset("http-it", "a", 'b') + "]";
        HttpResponse<String> answer = post("/v1/events/datasets/batch", body.getBytes(StandardCharsets.UTF_8),
                "application/json", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.path("received").asInt()).isEqualTo(2);
        assertThat(json.path("published").asInt()).isEqualTo(2);
        for (JsonNode event : json.path("events")) {
            assertThat(event.path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(event.path("published").get(0).path("topic").asText()).isEqualTo("pedigree.datasets");
            assertThat(event.path("published").get(0).path("offset").asLong()).isNotNegative();
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            HttpResponse<String> versions = get("/v1/datasets/http-it/a");
            assertThat(versions.statusCode()).as(versions.body()).isEqualTo(200);
            assertThat(versions.body()).contains("sha256:" + "a".repeat(64)).contains("sha256:" + "b".repeat(64));
        });
    }

    @Test
    void gzipNdjsonWithBadLinesPublishesTheRestAndNamesEachBadOne() throws Exception {
        String ndjson = dataset("http-it", "b", 'c') + "\n"
                + "{\"dataset\": \n"
                + "{\"predictionId\":\"p1\",\"model\":{\"name\":\"m\",\"version\":\"1\"}}\n"
                + dataset("http-it", "b", 'd') + "\n";
        HttpResponse<String> answer = post("/v1/events/datasets/batch", gzip(ndjson), "application/x-ndjson",
                "gzip");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(207);
        JsonNode events = JSON.readTree(answer.body()).path("events");
        assertThat(events.findValuesAsText("status")).containsExactly("PUBLISHED", "REFUSED", "REFUSED", "PUBLISHED");
        assertThat(events.get(1).path("error").asText()).startsWith("not JSON");
        assertThat(events.get(2).path("error").asText()).as("a prediction on the datasets route")
                .contains("is not a field of DatasetVersion");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(get("/v1/datasets/http-it/b").body())
                .contains("sha256:" + "c".repeat(64)).contains("sha256:" + "d".repeat(64)));
    }

    @Test
    void badBodiesGetTheContractsErrors() throws Exception {
        HttpResponse<String> empty = post("/v1/events/datasets/batch", "[]".getBytes(StandardCharsets.UTF_8),
                "application/json", null);
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).path("message").asText()).contains("empty");

        HttpResponse<String> none = post("/v1/events/datasets/batch", "[{\"colour\":\"red\"}]"
                .getBytes(StandardCharsets.UTF_8), "application/json", null);
        assertThat(none.statusCode()).as("no event went through").isEqualTo(400);

        HttpResponse<String> brotli = post("/v1/events/datasets", dataset("http-it", "c", 'e')
                .getBytes(StandardCharsets.UTF_8), "application/json", "br");
        assertThat(brotli.statusCode()).as(brotli.body()).isEqualTo(415);
        assertThat(JSON.readTree(brotli.body()).path("message").asText()).contains("Content-Encoding br");

        byte[] whole = gzip(dataset("http-it", "c", 'e'));
        // Cut in its trailer: the JSON decodes whole, the stream's CRC and length are missing.
        HttpResponse<String> truncated = post("/v1/events/datasets", Arrays.copyOf(whole, whole.length - 4),
                "application/json", "gzip");
        assertThat(truncated.statusCode()).as(truncated.body()).isEqualTo(400);
        assertThat(truncated.body()).contains("gzip body is truncated");

        // A gzip bomb: 64 KB on the wire, 64 MB once decoded; refused when it decodes past the limit.
        byte[] bomb = gzip("[" + " ".repeat(64 << 20) + "]");
        assertThat(bomb.length).isLessThan(MAX_BODY);
        HttpResponse<String> bombed = post("/v1/events/datasets/batch", bomb, "application/json", "gzip");
        assertThat(bombed.statusCode()).as(bombed.body()).isEqualTo(413);
        assertThat(bombed.body()).contains("pedigree.http.max.body.bytes").contains("262,144 bytes");

        HttpResponse<String> large = post("/v1/events/datasets", new byte[MAX_BODY + 1], "application/json", null);
        assertThat(large.statusCode()).as(large.body()).isEqualTo(413);
    }

    @Test
    void theOpenLineageClientWithGzipCompressionIsHeard() throws Exception {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create("http://127.0.0.1:" + port));
        config.setCompression(HttpConfig.Compression.GZIP);
        UUID runId = UUID.randomUUID();
        OpenLineage ol = new OpenLineage(URI.create("https://github.com/pedigree/pedigree/it"));
        try (OpenLineageClient client = OpenLineageClient.builder().transport(new HttpTransport(config)).build()) {
            client.emit(ol.newRunEventBuilder()
                    .eventType(OpenLineage.RunEvent.EventType.COMPLETE).eventTime(ZonedDateTime.now())
                    .run(ol.newRunBuilder().runId(runId).build())
                    .job(ol.newJobBuilder().namespace("http-it").name("gzip-job").build())
                    .inputs(List.of(ol.newInputDatasetBuilder().namespace("http-it").name("ol-input").build()))
                    .outputs(List.of(ol.newOutputDatasetBuilder().namespace("http-it").name("ol-output")
                            .facets(ol.newDatasetFacetsBuilder().columnLineage(ol.newColumnLineageDatasetFacetBuilder()
                                    .fields(ol.newColumnLineageDatasetFacetFieldsBuilder().put("total",
                                            ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(
                                                    List.of(ol.newInputFieldBuilder().namespace("http-it")
                                                            .name("ol-input").field("amount").transformations(List.of(
                                                                    ol.newInputFieldTransformationsBuilder()
                                                                            .type("DIRECT").subtype("AGGREGATION")
                                                                            .build())).build())).build()).build())
                                    .build()).build()).build()))
                    .build());
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            HttpResponse<String> lineage = get("/v1/lineage?node=" + URLEncoder.encode(NodeIds.run(runId.toString()),
                    StandardCharsets.UTF_8) + "&depth=1");
            assertThat(lineage.statusCode()).as(lineage.body()).isEqualTo(200);
            assertThat(lineage.body()).contains(NodeIds.job("http-it", "gzip-job")).contains("ol-output");
            HttpResponse<String> column = get("/v1/lineage?direction=upstream&depth=1&node=" + URLEncoder.encode(
                    NodeIds.datasetField("http-it", "ol-output", "total"), StandardCharsets.UTF_8));
            assertThat(column.statusCode()).as(column.body()).isEqualTo(200);
            assertThat(column.body()).as("the client's columnLineage facet, built by its own builders")
                    .contains(NodeIds.datasetField("http-it", "ol-input", "amount"))
                    .contains("\"transformation\":\"AGGREGATION\"").contains("\"runId\":\"" + runId + "\"");
        });
    }

    @Test
    void emitOverHttpPublishesAProfiledDatasetWithoutReachingKafka(EmbeddedRuntime runtime) throws Exception {
        Path csv = home.resolve("features.csv");
        Files.createDirectories(home);
        Files.writeString(csv, "user_id,ctr_7d\nu1,0.031\nu2,0.012\n");
        // No broker on the CLI's side: PEDIGREE_BOOTSTRAP_SERVERS points at a port where nothing listens.
        String output = Cli.runWith(Map.of("PEDIGREE_BOOTSTRAP_SERVERS", "127.0.0.1:" + freePort(),
                "PEDIGREE_HOME", home.resolve("cli").toString()), "emit", "dataset", "--http",
                "http://127.0.0.1:" + port, "--namespace", "http-it", "--name", "emitted", "--file", csv.toString());
        assertThat(output).contains("ctr_7d");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            HttpResponse<String> dataset = get("/v1/datasets/http-it/emitted");
            assertThat(dataset.statusCode()).as(dataset.body()).isEqualTo(200);
            String hash = JSON.readTree(dataset.body()).path("versions").get(0).path("contentHash").asText();
            HttpResponse<String> version = get("/v1/datasets/http-it/emitted/versions/"
                    + URLEncoder.encode(hash, StandardCharsets.UTF_8));
            assertThat(version.body()).as("the profiles made it through JSON").contains("\"ctr_7d\"")
                    .contains("\"p50\"");
        });
    }

    @Test
    void aColumnsImpactLeavesOutTheRunThatReadOtherColumns() throws Exception {
        String dataset = "namespace=http-it,name=%s,hash=sha256:%s";
        Cli.runWith(Map.of("PEDIGREE_HOME", home.resolve("cli").toString()), "emit", "run", "--http",
                "http://127.0.0.1:" + port, "--run-id", "features", "--job-namespace", "http-it", "--job-name",
                "features", "--input", dataset.formatted("clicks", "1".repeat(64)) + ",fields=ctr_7d",
                "--output", dataset.formatted("user_features", "2".repeat(64)) + ",fields=ctr_7d|age",
                "--column-lineage", "ctr_7d=clicks:ctr_7d:AGGREGATION");
        for (String[] reader : new String[][] {{"train-ctr", "ctr_7d"}, {"train-age", "age"}}) {
            Cli.runWith(Map.of("PEDIGREE_HOME", home.resolve("cli").toString()), "emit", "run", "--http",
                    "http://127.0.0.1:" + port, "--run-id", reader[0], "--job-namespace", "http-it", "--job-name",
                    reader[0], "--input", dataset.formatted("user_features", "2".repeat(64)) + ",fields=" + reader[1],
                    "--output", dataset.formatted(reader[0] + "-model", "3".repeat(64)));
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            HttpResponse<String> impact = get("/v1/impact?node=" + URLEncoder.encode(
                    NodeIds.datasetField("http-it", "clicks", "ctr_7d"), StandardCharsets.UTF_8));
            assertThat(impact.statusCode()).as(impact.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(impact.body());
            assertThat(answer.path("fields").findValuesAsText("id"))
                    .containsExactly(NodeIds.datasetField("http-it", "user_features", "ctr_7d"));
            assertThat(answer.path("runs").findValuesAsText("id")).contains(NodeIds.run("train-ctr"))
                    .doesNotContain(NodeIds.run("train-age"));
        });
    }

    private HttpResponse<String> post(String path, byte[] body, String type, String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
