package dev.pedigree.alerts;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook URL with its own thread and queue: alerts are posted to it in order, and a receiver that is down
 * holds up only its own queue, never the other URLs nor processing.
 *
 * <p>A delivery is retried with backoff (0.2 s doubling to 1 min). After {@value #ATTEMPTS_BEFORE_FAILED}
 * failed attempts it is counted as failed and logged at ERROR, and then kept: retried at the longest interval
 * until the receiver is back or until the redelivery window ({@code pedigree.alert.webhook.redelivery.ms})
 * has passed since the first attempt, when it is abandoned (counted and logged). Later alerts wait behind it,
 * so a receiver sees alerts in the order they were raised.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
    static final int ATTEMPTS_BEFORE_FAILED = 6;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    /**
     * Whether a delivery went through, was given up after the redelivery window, or was cut short by closing (its
     * offset is then not committed, and it is delivered again after a restart).
     */
    enum Outcome { DELIVERED, ABANDONED, STOPPED }

    private final String url;
    private final Duration redelivery;
    private final HttpClient http;
    private final ExecutorService thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private volatile boolean closing;

    WebhookReceiver(String url, Duration redelivery, HttpClient http) {
        this.url = url;
        this.redelivery = redelivery;
        this.http = http;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "pedigree-webhook-" + URI.create(url).getAuthority());
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code body} for delivery; {@code done} is told the outcome on this receiver's thread. */
    void deliver(String alertId, String body, Consumer<Outcome> done) {
        thread.execute(() -> done.accept(post(alertId, body)));
    }

    private Outcome post(String alertId, String body) {
        RetryPolicy<Integer> policy = RetryPolicy.<Integer>builder()
                .handle(IOException.class)
                .handleResultIf(status -> status / 100 != 2)
                .withBackoff(FIRST_BACKOFF.toMillis(), MAX_BACKOFF.toMillis(), ChronoUnit.MILLIS)
                .withMaxRetries(-1)
                .withMaxDuration(redelivery)
                .abortIf(status -> closing)
                .onFailedAttempt(attempt -> {
                    String problem = attempt.getLastException() != null ? attempt.getLastException().toString()
                            : "status " + attempt.getLastResult();
                    if (attempt.getAttemptCount() == ATTEMPTS_BEFORE_FAILED) {
                        failed.incrementAndGet();
                        log.error("Alert {} could not be delivered to {} after {} attempts ({}); kept for "
                                + "redelivery for up to {}", alertId, url, ATTEMPTS_BEFORE_FAILED, problem, redelivery);
                    } else if (attempt.getAttemptCount() < ATTEMPTS_BEFORE_FAILED) {
                        log.warn("Alert {} to {} failed ({}), attempt {}", alertId, url, problem,
                                attempt.getAttemptCount());
                    }
                })
                .build();
        try {
            int answered = Failsafe.with(policy).get(context -> {
                int status = send(body);
                if (status / 100 == 2 && context.getAttemptCount() >= ATTEMPTS_BEFORE_FAILED) {
                    log.info("Alert {} delivered to {} after {} attempts", alertId, url, context.getAttemptCount() + 1);
                }
                return status;
            });
            if (answered / 100 == 2) {
                delivered.incrementAndGet();
                return Outcome.DELIVERED;
            }
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        if (closing) {
            return Outcome.STOPPED;
        }
        abandoned.incrementAndGet();
        log.error("Alert {} abandoned for {}: not delivered within the redelivery window of {}", alertId, url,
                redelivery);
        return Outcome.ABANDONED;
    }

    private int send(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    String url() {
        return url;
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    long abandoned() {
        return abandoned.get();
    }

    @Override
    public void close() {
        closing = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
