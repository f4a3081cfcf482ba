package dev.pedigree.connectors.emitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.connectors.json.EventJson;
import dev.pedigree.schema.topic.EventKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends lineage events to Pedigree's HTTP API instead of its brokers, for machines that reach Pedigree but not
 * Kafka: events are validated at the call site and buffered; {@link #flush()} (also when {@value #BATCH_EVENTS}
 * events are buffered, and on {@link #close()}) posts them per kind to {@code POST /v1/events/{kind}/batch} as gzip
 * NDJSON, and reads the answer event by event. An event that Pedigree refused or could not publish is counted in
 * {@link #failed()} and logged with the reason. A 2xx answer means the events are in Kafka.
 */
public final class HttpLineageEmitter extends ValidatingEmitter {

    /** Events buffered before they are posted without waiting for {@link #flush()}. */
    static final int BATCH_EVENTS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(HttpLineageEmitter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI api;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<EventKind, List<SpecificRecord>> buffered = new EnumMap<>(EventKind.class);
    private int bufferedCount;
    private long failed;

    /**
     * @param api the API's base URL, e.g. {@code http://pedigree:8080}
     * @param token the bearer token ({@code pedigree.api.token}), or null
     * @param timeout how long to wait for each request
     */
    public HttpLineageEmitter(URI api, String token, Duration timeout) {
        this.api = api;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    protected synchronized void send(SpecificRecord event) {
        buffered.computeIfAbsent(EventKind.of(event), kind -> new ArrayList<>()).add(event);
        if (++bufferedCount >= BATCH_EVENTS) {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        buffered.forEach(this::post);
        buffered.clear();
        bufferedCount = 0;
    }

    private void post(EventKind kind, List<SpecificRecord> events) {
        URI batch = api.resolve("/v1/events/" + kind.routeName() + "/batch");
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(batch).timeout(timeout)
                    .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson(events)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            count(events, batch, response);
        } catch (IOException e) {
            failed += events.size();
            log.warn("Could not post {} {} events to {}: {}", events.size(), kind.routeName(), batch, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed += events.size();
            log.warn("Interrupted while posting {} events to {}", events.size(), batch);
        }
    }

    /** Counts each event the answer does not list as published, and says why. */
    private void count(List<SpecificRecord> events, URI batch, HttpResponse<String> response) throws IOException {
        JsonNode answer;
        try {
            answer = MAPPER.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.path("events").isArray()) {
            failed += events.size();
            log.warn("{} answered {}: {}", batch, response.statusCode(), abbreviate(response.body()));
            return;
        }
        int published = 0;
        for (JsonNode event : answer.path("events")) {
            if ("PUBLISHED".equals(event.path("status").asText())) {
                published++;
            } else {
                log.warn("{} event {} {}: {}", batch, event.path("index").asInt(), event.path("status").asText(),
                        event.path("error").asText());
            }
        }
        failed += events.size() - published;
        if (!answer.path("error").isNull() && answer.has("error")) {
            log.warn("{} answered {}: {}", batch, response.statusCode(), answer.path("error").asText());
        }
    }

    private static byte[] ndjson(List<SpecificRecord> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (SpecificRecord event : events) {
                gzip.write(MAPPER.writeValueAsBytes(EventJson.write(event)));
                gzip.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write events as JSON", e);
        }
        return bytes.toByteArray();
    }

    private static String abbreviate(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    @Override
    public synchronized long failed() {
        return failed;
    }

    @Override
    public void close() {
        flush();
    }
}
