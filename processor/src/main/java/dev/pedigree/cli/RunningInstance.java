package dev.pedigree.cli;

import dev.pedigree.alerts.AlertWebhook;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.http.HttpApi;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.streams.PedigreeProcessor;
import dev.pedigree.streams.StreamsSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One Pedigree instance as {@code serve} and {@code demo} run it: the HTTP API (bound first, so its address is the
 * Streams {@code application.server}), the processor, the producer behind {@code POST /v1/events} and, when
 * configured, the alert webhook. {@link #close()} stops them in the reverse order.
 */
public final class RunningInstance implements AutoCloseable {

    private final HttpApi api;
    private final PedigreeProcessor processor;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final AlertWebhook webhook;

    private RunningInstance(HttpApi api, PedigreeProcessor processor, KafkaProducer<String, SpecificRecord> producer,
            AlertWebhook webhook) {
        this.api = api;
        this.processor = processor;
        this.producer = producer;
        this.webhook = webhook;
    }

    public static RunningInstance start(PedigreeConfig settings, String bootstrap, String registry) {
        HttpApi api = HttpApi.start(settings);
        PedigreeProcessor processor = PedigreeProcessor.start(settings, bootstrap, registry,
                settings.home().resolve("state"), api.advertisedServer());
        Map<String, Object> producerConfig = new HashMap<>(settings.kafkaSettings());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "pedigree-http-events");
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new SpecificAvroSerializer<>(processor.registry()));
        api.attach(processor.streams(), producer, processor.graphIndex());
        AlertWebhook webhook = settings.alertWebhookUrls().isEmpty() ? null
                : AlertWebhook.start(settings.alertWebhookUrls(), bootstrap, settings.kafkaSettings()
                        .getOrDefault("application.id", StreamsSettings.DEFAULT_APPLICATION_ID), processor.registry(),
                        settings.kafkaSettings());
        if (webhook != null) {
            api.metrics().gauge("pedigree.alert.webhook.delivered", "alerts delivered to every webhook",
                    webhook::delivered);
            api.metrics().gauge("pedigree.alert.webhook.failed", "webhook deliveries that failed after retries",
                    webhook::failed);
        }
        return new RunningInstance(api, processor, producer, webhook);
    }

    /** {@code http://host:port} of the API. */
    public String httpUrl() {
        return "http://" + api.advertisedServer();
    }

    public PedigreeProcessor processor() {
        return processor;
    }

    @Override
    public void close() {
        api.close();
        if (webhook != null) {
            webhook.close();
        }
        producer.close(Duration.ofSeconds(10));
        processor.close();
    }
}
