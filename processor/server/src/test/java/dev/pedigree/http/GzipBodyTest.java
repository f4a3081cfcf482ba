package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Content-Encoding: gzip} on the ingestion routes, on a Javalin server with a mock producer
 * ({@link IngestServer}): whole streams are
 * inflated; a stream cut short (even only in its trailer), one that is not gzip, a bomb and another encoding are each
 * refused with their reason.
 */
class GzipBodyTest {

    private static final long MAX_BODY = 64 * 1024;

    private final HttpClient http = HttpClient.newHttpClient();
    private IngestServer server;
    private MockProducer<String, byte[]> producer;

    @BeforeEach
    void start() {
        server = new IngestServer(MAX_BODY);
        producer = server.producer;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String predictions(int count) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append(IngestServer.prediction(i)).append('\n');
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
        return http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
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
        byte[] whole = gzip(IngestServer.prediction(1));
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
                IngestServer.prediction(1).getBytes(StandardCharsets.UTF_8), "gzip");

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
