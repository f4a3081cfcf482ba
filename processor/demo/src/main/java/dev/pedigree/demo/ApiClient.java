package dev.pedigree.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.http.JacksonJsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The demo reads its answers as any user would: over Pedigree's public HTTP API. A 503 (state restoring or
 * moving) is retried for up to {@link #RETRY_FOR}; any other error is an exception carrying the API's message.
 */
public final class ApiClient {

    static final Duration RETRY_FOR = Duration.ofSeconds(30);
    /** A 503 (state restoring or moving) is asked again every half second, for {@link #RETRY_FOR} at most. */
    private static final RetryPolicy<HttpResponse<String>> WHILE_UNAVAILABLE = RetryPolicy
            .<HttpResponse<String>>builder().handleResultIf(response -> response.statusCode() == 503)
            .withDelay(Duration.ofMillis(500)).withMaxRetries(-1).withMaxDuration(RETRY_FOR).build();
    private static final ObjectMapper JSON = JacksonJsonMapper.MAPPER;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET path} (with its query), which must answer 200. */
    public JsonNode get(String path) {
        return find(path).orElseThrow(() -> new IllegalStateException("GET " + path + " answered 404"));
    }

    /** {@code GET path}; empty when the API answers 404. */
    public Optional<JsonNode> find(String path) {
        HttpResponse<String> response = Failsafe.with(WHILE_UNAVAILABLE).get(() -> send(path));
        if (response.statusCode() == 200) {
            return Optional.of(parse(path, response.body()));
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                + response.body());
    }

    /**
     * Waits until the API shows every node the pipelines published, linked to the nodes its event named, and every
     * prediction they served, reporting what is still missing every few seconds.
     *
     * @throws IllegalStateException when that takes longer than {@code timeout}
     */
    public void awaitCaughtUp(LineageRecorder.Expectations expected, Duration timeout, Consumer<String> progress) {
        Set<String> missingNodes = new LinkedHashSet<>(expected.nodes());
        Map<String, Long> missingPredictions = new LinkedHashMap<>(expected.predictionsByModelVersion());
        long[] nextReport = {System.nanoTime() + Duration.ofSeconds(5).toNanos()};
        RetryPolicy<Boolean> untilCaughtUp = RetryPolicy.<Boolean>builder().handleResult(false)
                .withDelay(Duration.ofMillis(200)).withMaxRetries(-1).withMaxDuration(timeout)
                .onRetry(retry -> {
                    if (System.nanoTime() > nextReport[0]) {
                        progress.accept("waiting for " + missingNodes.size() + " nodes and the predictions of "
                                + missingPredictions.size() + " model versions");
                        nextReport[0] = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    }
                }).build();
        boolean caughtUp = Failsafe.with(untilCaughtUp).get(() -> {
            missingNodes.removeIf(node -> linked(node, expected.neighbours().getOrDefault(node, Set.of())));
            missingPredictions.entrySet().removeIf(entry -> served(entry.getKey()) >= entry.getValue());
            return missingNodes.isEmpty() && missingPredictions.isEmpty();
        });
        if (!caughtUp) {
            throw new IllegalStateException("after " + timeout.toSeconds() + " s the API still lacks "
                    + missingNodes.size() + " nodes " + first(missingNodes) + " and predictions of "
                    + missingPredictions.keySet());
        }
    }

    /** Whether the graph has the node and an edge between it and each of {@code neighbours}. */
    private boolean linked(String node, Set<String> neighbours) {
        Optional<JsonNode> lineage = find("/v1/lineage?node=" + encode(node) + "&direction=both&depth="
                + (neighbours.isEmpty() ? 0 : 1));
        if (lineage.isEmpty()) {
            return false;
        }
        Set<String> reached = new HashSet<>();
        lineage.get().path("nodes").forEach(reachedNode -> reached.add(reachedNode.path("id").asText()));
        return reached.containsAll(neighbours);
    }

    /** How many predictions a model version ({@code modelVersion:name:version}) has served, as the API counts. */
    public long served(String modelVersionId) {
        List<String> parts = NodeIds.parse(modelVersionId).parts();
        return find("/v1/models/" + encode(parts.get(0)) + "/versions/" + encode(parts.get(1)))
                .map(view -> view.path("predictions").path("count").asLong()).orElse(0L);
    }

    /** Percent-encodes a path segment or query value. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> send(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + baseUrl + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
    }

    private static JsonNode parse(String path, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " answered unreadable JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> first(Set<String> ids) {
        return new ArrayList<>(ids).subList(0, Math.min(3, ids.size()));
    }
}
