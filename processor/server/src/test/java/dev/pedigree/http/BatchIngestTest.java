package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.events.Prediction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/events/{kind}/batch} on a Javalin server with a mock producer ({@link IngestServer}): a batch many
 * chunks long, translated on the translator threads, is answered element by element and published in the order it
 * was posted.
 */
class BatchIngestTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private IngestServer server;
    private MockProducer<String, byte[]> producer;

    @BeforeEach
    void start() {
        server = new IngestServer(10_000_000);
        producer = server.producer;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode post(String body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.url(
                "/v1/events/predictions/batch"))).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JacksonJsonMapper.MAPPER.readTree(answer.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("status", answer.statusCode());
        return json;
    }

    @Test
    void aBatchOfManyChunksIsAnsweredByIndexAndPublishedInItsOrder() throws Exception {
        int events = BatchIngest.CHUNK * (BatchIngest.CHUNKS_AHEAD + 3) + 17;
        StringBuilder body = new StringBuilder();
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            if (i % 97 == 5) {
                body.append("{\"predictionId\":").append('\n'); // not JSON
                refused.add(i);
            } else if (i % 101 == 7) {
                body.append("{\"predictionId\":\"p-").append(i).append("\"}\n"); // no model
                refused.add(i);
            } else {
                body.append(IngestServer.prediction(i)).append('\n');
            }
        }

        JsonNode answer = post(body.toString());

        assertThat(answer.path("status").asInt()).isEqualTo(207);
        assertThat(answer.path("received").asInt()).isEqualTo(events);
        assertThat(answer.path("refused").asInt()).isEqualTo(refused.size());
        assertThat(answer.path("published").asInt()).isEqualTo(events - refused.size());
        List<Integer> answeredRefused = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            JsonNode event = answer.path("events").get(i);
            assertThat(event.path("index").asInt()).isEqualTo(i);
            if (event.path("status").asText().equals("REFUSED")) {
                answeredRefused.add(i);
            }
        }
        assertThat(answeredRefused).isEqualTo(refused);
        JsonNode noModel = answer.path("events").get(7);
        assertThat(noModel.path("field").asText()).isEqualTo("model");
        assertThat(answer.path("events").get(5).path("error").asText()).startsWith("not JSON");

        List<Prediction> sent = server.published(Prediction.class);
        List<String> published = sent.stream().map(Prediction::getPredictionId).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            if (!refused.contains(i)) {
                expected.add("p-" + i);
            }
        }
        assertThat(published).as("sent in the order posted").isEqualTo(expected);
        JsonNode last = answer.path("events").get(events - 1).path("published").get(0);
        assertThat(last.path("eventId").asText()).isEqualTo(sent.get(expected.size() - 1).getEventId());
        assertThat(server.topicsAndKeys()).as("each to its topic, under its prediction id")
                .startsWith("pedigree.predictions/p-0");
    }

    @Test
    void anEventThatCannotBeEncodedStopsTheBatchThereWith503AndSaysWhichWentThrough() throws Exception {
        int events = BatchIngest.CHUNK * 3;
        int unencodable = BatchIngest.CHUNK + 5;
        try (IngestServer failing = new IngestServer(10_000_000,
                event -> ((Prediction) event).getPredictionId().equals("p-" + unencodable))) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < events; i++) {
                body.append(IngestServer.prediction(i)).append('\n');
            }
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(failing.url(
                    "/v1/events/predictions/batch"))).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            JsonNode json = JacksonJsonMapper.MAPPER.readTree(answer.body());
            assertThat(json.path("error").asText()).contains("cannot publish Prediction")
                    .contains("registry unreachable");
            assertThat(json.path("published").asInt()).isEqualTo(unencodable);
            for (int i = 0; i < events; i++) {
                assertThat(json.path("events").get(i).path("status").asText()).as("event %d", i)
                        .isEqualTo(i < unencodable ? "PUBLISHED" : "NOT_PUBLISHED");
            }
            assertThat(failing.published(Prediction.class)).as("nothing sent after the event that failed")
                    .hasSize(unencodable);
        }
    }

    @Test
    void aSmallBatchIsTranslatedOnTheRequestsOwnThread() throws Exception {
        JsonNode answer = post(IngestServer.prediction(1) + "\n" + IngestServer.prediction(2));
        assertThat(answer.path("status").asInt()).isEqualTo(200);
        assertThat(answer.path("published").asInt()).isEqualTo(2);
        assertThat(producer.history()).hasSize(2);
    }
}
