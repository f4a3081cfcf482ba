package dev.pedigree.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.http.Views;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.topic.TopicNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts every alert of {@code pedigree.alerts} (committed ones only) as JSON to the configured URLs, from its own
 * consumer group and thread, so a slow or failing receiver never holds up processing. Each delivery is retried
 * with exponential backoff; what still fails is logged and counted, and delivery goes on. Receivers deduplicate
 * by {@code alertId} (delivery is at least once across restarts).
 */
public final class AlertWebhook implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final int ATTEMPTS = 6;
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final List<String> urls;
    private final KafkaConsumer<String, LineageAlert> consumer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;

    private AlertWebhook(List<String> urls, KafkaConsumer<String, LineageAlert> consumer) {
        this.urls = List.copyOf(urls);
        this.consumer = consumer;
        this.thread = new Thread(this::run, "pedigree-alert-webhook");
        this.thread.setDaemon(true);
    }

    /** Starts delivering to {@code urls}; the consumer group is {@code <applicationId>-webhook}. */
    public static AlertWebhook start(List<String> urls, String bootstrapServers, String applicationId,
            SchemaRegistryClient registry, Map<String, String> kafkaSettings) {
        Map<String, Object> config = new HashMap<>(kafkaSettings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-webhook");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, LineageAlert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new SpecificAvroDeserializer<>(LineageAlert.class, registry));
        AlertWebhook webhook = new AlertWebhook(urls, consumer);
        webhook.thread.start();
        log.info("Posting alerts to {}", urls);
        return webhook;
    }

    /** Alerts delivered to every URL. */
    public long delivered() {
        return delivered.get();
    }

    /** Deliveries that failed after every retry. */
    public long failed() {
        return failed.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(TopicNames.ALERTS));
            while (running.get()) {
                for (ConsumerRecord<String, LineageAlert> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        deliver(record.value());
                    }
                }
                consumer.commitSync();
            }
        } catch (WakeupException stopping) {
            // closing
        } catch (RuntimeException e) {
            log.error("Alert webhook delivery stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void deliver(LineageAlert alert) {
        String body;
        try {
            body = JSON.writeValueAsString(Views.alert(alert));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean all = true;
        for (String url : urls) {
            all &= post(url, body, alert.getAlertId());
        }
        if (all) {
            delivered.incrementAndGet();
        }
    }

    private boolean post(String url, String body, String alertId) {
        long backoff = FIRST_BACKOFF_MS;
        String problem = "";
        for (int attempt = 1; attempt <= ATTEMPTS && running.get(); attempt++) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return true;
                }
                problem = "status " + response.statusCode();
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            log.warn("Alert {} to {} failed ({}), attempt {} of {}", alertId, url, problem, attempt, ATTEMPTS);
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
        failed.incrementAndGet();
        log.error("Alert {} could not be delivered to {}: {}", alertId, url, problem);
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
