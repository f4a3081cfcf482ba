package dev.pedigree.alerts;

import dev.pedigree.events.LineageAlert;
import dev.pedigree.http.JacksonJsonMapper;
import dev.pedigree.http.answers.AlertView;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.topic.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts every alert of {@code pedigree.alerts} (committed ones only) as JSON to the configured URLs, from its own
 * consumer group, so a slow or failing receiver never holds up processing. Each URL is a {@link WebhookReceiver}
 * with its own thread and queue: a dead receiver delays only its own alerts.
 *
 * <p>An alert's offset is committed once every receiver has delivered it or given it up (see
 * {@link WebhookReceiver} for how long it is kept for redelivery), so a restart delivers again what was not
 * finished: delivery is at least once, and receivers deduplicate by {@code alertId}. While more than
 * {@value #MAX_IN_FLIGHT} alerts wait, the consumer pauses.
 */
public final class AlertWebhook implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);
    static final int MAX_IN_FLIGHT = 10_000;

    /** One alert on its way to every receiver. */
    private static final class Delivery {
        final long offset;
        final AtomicInteger remaining;
        volatile boolean stopped;

        Delivery(long offset, int receivers) {
            this.offset = offset;
            this.remaining = new AtomicInteger(receivers);
        }
    }

    private final List<WebhookReceiver> receivers;
    private final Consumer<String, LineageAlert> consumer;
    private final Map<TopicPartition, ArrayDeque<Delivery>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    AlertWebhook(List<WebhookReceiver> receivers, Consumer<String, LineageAlert> consumer) {
        this.receivers = List.copyOf(receivers);
        this.consumer = consumer;
        this.thread = new Thread(this::run, "pedigree-alert-webhook");
        this.thread.setDaemon(true);
    }

    /**
     * Starts delivering to {@code urls}; the consumer group is {@code <applicationId>-webhook}.
     *
     * @param redelivery how long an alert a receiver does not take is kept for redelivery
     */
    public static AlertWebhook start(List<String> urls, Duration redelivery, String bootstrapServers,
            String applicationId, SchemaRegistryClient registry, Map<String, String> kafkaSettings) {
        Map<String, Object> config = new HashMap<>(kafkaSettings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-webhook");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, LineageAlert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new SpecificAvroDeserializer<>(LineageAlert.class, registry));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AlertWebhook webhook = new AlertWebhook(urls.stream()
                .map(url -> new WebhookReceiver(url, redelivery, http)).toList(), consumer);
        webhook.start();
        log.info("Posting alerts to {} (each on its own; undelivered alerts kept for {})", urls, redelivery);
        return webhook;
    }

    void start() {
        thread.start();
    }

    /** Alerts delivered, summed over the URLs. */
    public long delivered() {
        return receivers.stream().mapToLong(WebhookReceiver::delivered).sum();
    }

    /** Deliveries that failed their first attempts and were kept for redelivery, summed over the URLs. */
    public long failed() {
        return receivers.stream().mapToLong(WebhookReceiver::failed).sum();
    }

    /** Deliveries given up after the redelivery window, summed over the URLs. */
    public long abandoned() {
        return receivers.stream().mapToLong(WebhookReceiver::abandoned).sum();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(TopicNames.ALERTS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitFinished();
                    partitions.forEach(partition -> forget(inFlight.remove(partition)));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (running.get()) {
                for (ConsumerRecord<String, LineageAlert> record : consumer.poll(Duration.ofMillis(200))) {
                    dispatch(record);
                }
                commitFinished();
                if (waiting.get() >= MAX_IN_FLIGHT) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } catch (RuntimeException e) {
            log.error("Alert webhook delivery stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(ConsumerRecord<String, LineageAlert> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Delivery delivery = new Delivery(record.offset(), record.value() == null ? 0 : receivers.size());
        synchronized (this) {
            inFlight.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(delivery);
        }
        if (record.value() == null) {
            return;
        }
        waiting.incrementAndGet();
        String body = body(record.value());
        for (WebhookReceiver receiver : receivers) {
            receiver.deliver(record.value().getAlertId(), body, outcome -> {
                if (outcome == WebhookReceiver.Outcome.STOPPED) {
                    delivery.stopped = true;
                }
                if (delivery.remaining.decrementAndGet() == 0) {
                    waiting.decrementAndGet();
                }
            });
        }
    }

    private static String body(LineageAlert alert) {
        try {
            return JacksonJsonMapper.MAPPER.writeValueAsString(AlertView.of(alert));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits, per partition, past the alerts every receiver has finished with, oldest first. */
    private synchronized void commitFinished() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        inFlight.forEach((partition, deliveries) -> {
            Delivery done = null;
            while (!deliveries.isEmpty() && deliveries.peek().remaining.get() == 0 && !deliveries.peek().stopped) {
                done = deliveries.poll();
            }
            if (done != null) {
                offsets.put(partition, new OffsetAndMetadata(done.offset + 1));
            }
        });
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private void forget(ArrayDeque<Delivery> deliveries) {
        if (deliveries != null) {
            deliveries.forEach(delivery -> delivery.stopped = true);
        }
    }

    @Override
    public void close() {
        running.set(false);
        receivers.forEach(WebhookReceiver::close);
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
