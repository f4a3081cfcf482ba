package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.connectors.emitter.KafkaLineageEmitter;
import dev.pedigree.demo.ApiClient;
import dev.pedigree.demo.DemoContext;
import dev.pedigree.demo.DemoNames;
import dev.pedigree.demo.LineageRecorder;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.embedded.FreePort;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * One demo scenario against the shared real runtime: {@code ./pedigree serve} in its own process, the scenario's
 * pipelines publishing through the Java emitter under a unique tag, and plain HTTP GETs for the assertions.
 */
final class ScenarioHarness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessorProcess processor;
    private final KafkaLineageEmitter emitter;
    private final LineageRecorder recorder;
    private final DemoContext context;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private ScenarioHarness(ProcessorProcess processor, KafkaLineageEmitter emitter, DemoContext context, int port) {
        this.processor = processor;
        this.emitter = emitter;
        this.recorder = context.recorder();
        this.context = context;
        this.port = port;
    }

    static ScenarioHarness start(EmbeddedRuntime runtime, String name) throws Exception {
        Path home = ItPaths.home().resolve(name + "-it");
        RealRuntimeExtension.deleteRecursively(home);
        int port = FreePort.find();
        ProcessorProcess processor = ProcessorProcess.start(home, runtime.bootstrapServers(),
                runtime.schemaRegistryUrl(), Map.of(
                        "PEDIGREE_KAFKA_APPLICATION_ID", "pedigree-" + name + "-it",
                        "PEDIGREE_HTTP_PORT", Integer.toString(port),
                        "PEDIGREE_ALERT_GRACE_MS", "2000"));
        KafkaLineageEmitter emitter = new KafkaLineageEmitter(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                SchemaRegistryConfig.URL, runtime.schemaRegistryUrl(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
        DemoNames names = new DemoNames(name + UUID.randomUUID().toString().substring(0, 6));
        DemoContext context = new DemoContext(new LineageRecorder(emitter), home.resolve("data"), names,
                line -> System.out.println(name + ": " + line));
        return new ScenarioHarness(processor, emitter, context, port);
    }

    DemoContext context() {
        return context;
    }

    DemoNames names() {
        return context.names();
    }

    /** Delivers what the scenario published and waits until the API shows every node and prediction of it. */
    void awaitCaughtUp() {
        emitter.flush();
        assertThat(emitter.failed()).as("events the emitter could not deliver").isZero();
        new ApiClient("http://127.0.0.1:" + port).awaitCaughtUp(recorder.expectations(), Duration.ofMinutes(2),
                System.out::println);
    }

    /** {@code http://127.0.0.1:port} of the processor's API. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    LineageRecorder.Expectations expectations() {
        return recorder.expectations();
    }

    /** {@code GET path} asking for JSON, asserting a 200, as JSON. */
    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The status {@code GET path} answers. */
    int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    JsonNode compare(String model, String left, String right) throws Exception {
        return get("/v1/models/compare?left=" + encode(model + ":" + left) + "&right=" + encode(model + ":" + right));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() throws Exception {
        emitter.close();
        processor.close();
    }
}
