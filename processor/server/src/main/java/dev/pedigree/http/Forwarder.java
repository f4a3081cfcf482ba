package dev.pedigree.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a request on to the instance that owns its key ({@code application.server}), carrying the bearer token
 * and a header that stops it from being forwarded again.
 */
final class Forwarder {

    static final String FORWARDED_HEADER = "X-Pedigree-Forwarded";

    /** An answer from another instance: its status, body and content type, passed through as is. */
    record Answer(int status, String body, String contentType) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String scheme;
    private final String token;

    Forwarder(String scheme, String token) {
        this.scheme = scheme;
        this.token = token;
    }

    /** {@code GET pathAndQuery} at {@code owner}, asking for {@code accept} (the original request's). */
    Answer get(HostInfo owner, String pathAndQuery, String accept) {
        return send(owner, pathAndQuery, accept, HttpRequest.newBuilder().GET());
    }

    /** {@code POST path} at {@code owner} with a JSON body. */
    Answer post(HostInfo owner, String path, String json) {
        return send(owner, path, "application/json", HttpRequest.newBuilder().header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Answer send(HostInfo owner, String pathAndQuery, String accept, HttpRequest.Builder request) {
        request.uri(URI.create(scheme + "://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header(FORWARDED_HEADER, "1")
                .header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse("application/json"));
        } catch (IOException e) {
            throw ApiException.notReady("the instance owning this key (" + owner.host() + ":" + owner.port()
                    + ") cannot be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.notReady("interrupted while forwarding");
        }
    }
}
