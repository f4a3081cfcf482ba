package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.schema.EventLimits;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Content-Encoding: gzip} on the ingestion routes, on a Javalin server with a mock producer: whole streams are
 * inflated; a stream cut short (even only in its trailer), one that is not gzip, a bomb and another encoding are each
 * refused with their reason.
 */
class GzipBodyTest {

    private static final long MAX_BODY = 64 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();
    private final MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null,
            new StringSerializer(), (topic, event) -> new byte[0]);
    private final ExecutorService translators = Executors.newFixedThreadPool(2);
    private Javalin app;

    @BeforeEach
    void start() {
        EventIngest ingest = new EventIngest(producer, MAX_BODY, EventLimits.DEFAULT, translators);
        app = Javalin.create(config -> {
            config.jsonMapper(new JacksonJsonMapper());
            config.startup.showJavalinBanner = false;
            config.routes.post("/v1/events/{kind}", ingest::post);
            config.routes.post("/v1/events/{kind}/batch", ingest::batch);
            config.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).result(e.getMessage()));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        translators.shutdownNow();
    }

    private static String prediction(int i) {
        return "{\"predictionId\":\"p-" + i + "\",\"model\":{\"name\":\"m\",\"version\":\"1\"},\"features\":[]}";
    }

    private static String predictions(int count) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append(prediction(i)).append('\n');
        }
        return body.toString();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private HttpResponse<String> post(String path, byte[] body, String encoding) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", encoding)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWholeGzipBatchIsInflatedAndPublished() throws Exception {
        HttpResponse<String> answer = post("/v1/events/predictions/batch", gzip(predictions(300)), "gzip");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JacksonJsonMapper.MAPPER.readTree(answer.body()).path("published").asInt()).isEqualTo(300);
        assertThat(producer.history()).hasSize(300);
    }

    @Test
    void aSingleEventWhoseGzipTrailerIsCutIsRefusedAndNotPublished() throws Exception {
        byte[] whole = gzip(prediction(1));
        // The JSON itself decodes whole: only the stream's CRC and length are missing.
        HttpResponse<String> answer = post("/v1/events/predictions", Arrays.copyOf(whole, whole.length - 4), "gzip");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("gzip body is truncated");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aBatchCutMidStreamIsRefusedNamingWhatWentThroughBeforeTheCut() throws Exception {
        byte[] whole = gzip(predictions(600));
        HttpResponse<String> answer = post("/v1/events/predictions/batch", Arrays.copyOf(whole, whole.length / 2),
                "gzip");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode json = JacksonJsonMapper.MAPPER.readTree(answer.body());
        assertThat(json.path("error").asText()).contains("gzip body is truncated");
        int published = json.path("published").asInt();
        assertThat(published).isPositive().isLessThan(600);
        assertThat(producer.history()).hasSize(published);
        for (JsonNode event : json.path("events")) {
            assertThat(event.path("status").asText()).isEqualTo("PUBLISHED");
        }
    }

    @Test
    void aBodyThatIsNotGzipIsRefusedSayingSo() throws Exception {
        HttpResponse<String> answer = post("/v1/events/predictions",
                prediction(1).getBytes(StandardCharsets.UTF_8), "gzip");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("not the gzip its Content-Encoding names");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aGzipBombStopsAtTheLimitAndAnotherEncodingIsUnsupported() throws Exception {
        byte[] bomb = gzip("[" + " ".repeat(64 << 20) + "]");
        assertThat((long) bomb.length).isLessThan(MAX_BODY);

        HttpResponse<String> bombed = post("/v1/events/predictions/batch", bomb, "gzip");
        HttpResponse<String> brotli = post("/v1/events/predictions", new byte[] {1, 2, 3}, "br");

        assertThat(bombed.statusCode()).as(bombed.body()).isEqualTo(413);
        assertThat(bombed.body()).contains("65,536 bytes");
        assertThat(brotli.statusCode()).as(brotli.body()).isEqualTo(415);
        assertThat(producer.history()).isEmpty();
    }
}
