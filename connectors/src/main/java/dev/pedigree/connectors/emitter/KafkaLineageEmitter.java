package dev.pedigree.connectors.emitter;

import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryClients;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.EventKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends lineage events to Pedigree's topics with an idempotent producer, keyed as DESIGN says, in the Confluent
 * wire format through the schema registry.
 *
 * <p>The caller never waits for Kafka: an event is validated at the call site, then queued (at most
 * {@value #QUEUE_CAPACITY} events, {@code pedigree.emitter.queue.capacity}); one sender thread serializes the
 * events in order and hands them to the producer, waiting there when the producer must (a topic's metadata not
 * known yet, the broker frozen or restarting, the producer's buffer full), up to {@code max.block.ms}. So a broker
 * that is unreachable for a while loses nothing; an event is counted as failed and logged only when the queue is
 * full or Kafka refuses it.
 */
public final class KafkaLineageEmitter extends ValidatingEmitter {

    /** How many events may wait for the sender thread before new ones are refused (counted as failed). */
    public static final String QUEUE_CAPACITY_CONFIG = "pedigree.emitter.queue.capacity";
    static final int QUEUE_CAPACITY = 50_000;
    private static final Logger log = LoggerFactory.getLogger(KafkaLineageEmitter.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final SchemaRegistryClient registry;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final BlockingQueue<ProducerRecord<String, SpecificRecord>> queue;
    /** Events accepted and not yet handed to the producer. */
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread sender;
    private volatile boolean closed;

    /**
     * @param config producer settings plus {@code bootstrap.servers} and {@code schema.registry.url} (and any
     *     other registry client setting), and {@value #QUEUE_CAPACITY_CONFIG}
     */
    public KafkaLineageEmitter(Map<String, ?> config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "pedigree-emitter");
        settings.putAll(config);
        Object capacity = settings.remove(QUEUE_CAPACITY_CONFIG);
        this.queue = new ArrayBlockingQueue<>(capacity == null ? QUEUE_CAPACITY : Integer.parseInt(capacity.toString()));
        this.registry = SchemaRegistryClients.create(new SchemaRegistryConfig(config));
        settings.keySet().removeIf(key -> key.startsWith("schema.registry.") || key.startsWith("basic.auth.")
                || key.startsWith("bearer.auth.") || key.equals("auto.register.schemas"));
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new SpecificAvroSerializer<>(registry));
        this.sender = new Thread(this::sendQueued, "pedigree-emitter-sender");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    protected void send(SpecificRecord event) {
        if (closed) {
            throw new IllegalStateException("the emitter is closed");
        }
        ProducerRecord<String, SpecificRecord> record = EventKind.record(event);
        pending.incrementAndGet();
        if (!queue.offer(record)) {
            handed();
            failed.incrementAndGet();
            log.warn("Could not send {} {} to {}: {} events are already waiting for Kafka", event.getSchema().getName(),
                    record.key(), record.topic(), queue.size());
        }
    }

    /** The sender thread: hands queued events to the producer in order until the emitter is closed and drained. */
    private void sendQueued() {
        while (!closed || !queue.isEmpty()) {
            ProducerRecord<String, SpecificRecord> record;
            try {
                record = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (record == null) {
                continue;
            }
            try {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failed(record, error);
                    }
                });
            } catch (RuntimeException e) {
                failed(record, e);
            } finally {
                handed();
            }
        }
    }

    private void failed(ProducerRecord<String, SpecificRecord> record, Exception error) {
        failed.incrementAndGet();
        log.warn("Could not send {} {} to {}: {}", record.value().getSchema().getName(), record.key(), record.topic(),
                error.getMessage());
    }

    private void handed() {
        if (pending.decrementAndGet() == 0) {
            synchronized (pending) {
                pending.notifyAll();
            }
        }
    }

    /** Waits until every event accepted so far is delivered or counted as failed. */
    @Override
    public void flush() {
        synchronized (pending) {
            while (pending.get() > 0 && sender.isAlive()) {
                try {
                    pending.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        producer.flush();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    /** Delivers what is queued (waiting up to 30 s), then closes the producer. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            log.warn("Closing with {} events not yet handed to Kafka", pending.get());
            sender.interrupt();
        }
        producer.close(CLOSE_TIMEOUT);
        registry.close();
    }
}
