package dev.pedigree.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The benchmarks' HTTP client: Apache HttpClient's classic (blocking) client over pooled keep-alive connections. A
 * request is written and its answer read on the calling thread, so the client adds no hand-off between threads to
 * the latency it measures. Answers are asked for uncompressed. The JDK's {@code HttpClient} it replaced passes every
 * exchange through its selector thread and an executor: on the 2 shared cores that doubled the p50 of
 * {@code GET /health/live} (0.66 → 0.31 ms at 1,000 requests/s; docs/MEASUREMENTS.md).
 */
final class BenchHttp implements AutoCloseable {

    /** Connections kept per server: more than the benchmarks' concurrent clients. */
    private static final int CONNECTIONS = 64;
    private static final Timeout TIMEOUT = Timeout.ofSeconds(30);

    /** A status and the answer's bytes. */
    record Answer(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The first line of the answer, for an error message. */
        String firstLine() {
            return text().lines().findFirst().orElse("");
        }
    }

    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(CONNECTIONS).setMaxConnPerRoute(CONNECTIONS)
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(TIMEOUT)
                            .setSocketTimeout(TIMEOUT).build())
                    .build())
            .disableAutomaticRetries()
            // No Accept-Encoding: answers come uncompressed, as the JDK client before it asked for them (Javalin
            // gzips an answer over 1,500 bytes for a client that accepts it).
            .disableContentCompression()
            .build();

    Answer get(String url) {
        return execute(new HttpGet(url));
    }

    /** The body of a GET answered 200; anything else fails, naming the URL, the status and the answer's first line. */
    byte[] ok(String url) {
        Answer answer = get(url);
        if (answer.status() != 200) {
            throw new IllegalStateException(url + " answered " + answer.status() + ": " + answer.firstLine());
        }
        return answer.body();
    }

    Answer post(String url, String contentType, byte[] body) {
        HttpPost post = new HttpPost(url);
        post.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        return execute(post);
    }

    /** The status of a GET whose answer is read and dropped, as a service that only checks it would. */
    int status(String url) {
        try {
            return client.execute(new HttpGet(url), response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(url, e);
        }
    }

    private Answer execute(HttpUriRequestBase request) {
        try {
            return client.execute(request, response -> new Answer(response.getCode(),
                    response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity())));
        } catch (IOException e) {
            throw new UncheckedIOException(request.getRequestUri(), e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
