package dev.pedigree.connectors.emitter;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.schema.EventValidator;
import dev.pedigree.schema.InvalidEventException;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryClients;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.EventKeys;
import dev.pedigree.schema.topic.TopicNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
 * wire format through the schema registry. The producer's buffer ({@code buffer.memory}, 32 MiB by default)
 * absorbs bursts; when it is full a send waits at most {@code max.block.ms} (default 50 ms here, so a serving
 * path is never held up), then the event is counted as failed and logged.
 */
public final class KafkaLineageEmitter implements LineageEmitter {

    private static final Logger log = LoggerFactory.getLogger(KafkaLineageEmitter.class);

    private final SchemaRegistryClient registry;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final AtomicLong failed = new AtomicLong();

    /**
     * @param config producer settings plus {@code bootstrap.servers} and {@code schema.registry.url} (and any
     *     other registry client setting)
     */
    public KafkaLineageEmitter(Map<String, ?> config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 50);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "pedigree-emitter");
        settings.putAll(config);
        this.registry = SchemaRegistryClients.create(new SchemaRegistryConfig(config));
        settings.keySet().removeIf(key -> key.startsWith("schema.registry.") || key.startsWith("basic.auth.")
                || key.startsWith("bearer.auth.") || key.equals("auto.register.schemas"));
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new SpecificAvroSerializer<>(registry));
    }

    @Override
    public void datasetVersion(DatasetVersion event) {
        send(TopicNames.DATASETS, EventKeys.of(event), event);
    }

    @Override
    public void runStarted(RunEvent event) {
        send(TopicNames.RUNS, EventKeys.of(event), event);
    }

    @Override
    public void runCompleted(RunEvent event) {
        send(TopicNames.RUNS, EventKeys.of(event), event);
    }

    @Override
    public void modelVersion(ModelVersion event) {
        send(TopicNames.MODELS, EventKeys.of(event), event);
    }

    @Override
    public void prediction(Prediction event) {
        send(TopicNames.PREDICTIONS, EventKeys.of(event), event);
    }

    private void send(String topic, String key, SpecificRecord event) {
        try {
            EventValidator.validate(event);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException("invalid " + event.getSchema().getName() + ": " + e.getMessage(), e);
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, event), (metadata, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    log.warn("Could not send {} {} to {}: {}", event.getSchema().getName(), key, topic,
                            error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.warn("Could not send {} {} to {}: {}", event.getSchema().getName(), key, topic, e.getMessage());
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        registry.close();
    }
}
