package dev.pedigree.server;

import dev.pedigree.alerts.AlertWebhook;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.http.HttpApi;
import dev.pedigree.http.QueryRouter;
import dev.pedigree.streams.PedigreeProcessor;
import dev.pedigree.streams.Restores;
import dev.pedigree.streams.StreamsSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The composition root of one Pedigree instance, as {@code serve}, {@code demo}, the bench and the integration
 * tests run it. It starts, in this order: the HTTP API (bound first, so its address is the Streams
 * {@code application.server}), the processor, the producer behind {@code POST /v1/events}, and the alert
 * webhook when URLs are configured. If a step fails, what was already started is closed; {@link #close()} closes
 * everything in the reverse order.
 */
public final class PedigreeServer implements AutoCloseable {

    private final Closer parts;
    private final HttpApi api;
    private final PedigreeProcessor processor;

    private PedigreeServer(Closer parts, HttpApi api, PedigreeProcessor processor) {
        this.parts = parts;
        this.api = api;
        this.processor = processor;
    }

    /** Starts an instance against the broker at {@code bootstrap} and the schema registry at {@code registry}. */
    public static PedigreeServer start(PedigreeConfig settings, String bootstrap, String registry) {
        Closer parts = new Closer();
        try {
            HttpApi api = parts.register(HttpApi.start(settings));
            Restores restores = Restores.create();
            api.showRestores(restores);
            PedigreeProcessor processor = parts.register(PedigreeProcessor.start(settings, bootstrap, registry,
                    settings.home().resolve("state"), api.advertisedServer(), restores));
            KafkaProducer<String, byte[]> producer = eventProducer(settings, bootstrap);
            parts.register(() -> producer.close(Duration.ofSeconds(10)));
            api.attach(processor, producer);
            if (!settings.alertWebhookUrls().isEmpty()) {
                AlertWebhook webhook = parts.register(AlertWebhook.start(settings.alertWebhookUrls(),
                        settings.alertWebhookRedelivery(), bootstrap, StreamsSettings.applicationId(settings),
                        processor.registry(), settings.kafkaSettings()));
                api.metrics().gauge("pedigree.alert.webhook.delivered", "alert deliveries, summed over the URLs",
                        webhook::delivered);
                api.metrics().gauge("pedigree.alert.webhook.failed",
                        "deliveries that failed their first attempts and were kept for redelivery", webhook::failed);
                api.metrics().gauge("pedigree.alert.webhook.abandoned",
                        "deliveries given up after the redelivery window", webhook::abandoned);
            }
            return new PedigreeServer(parts, api, processor);
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    /** The HTTP API's producer: values come to it encoded (the API's {@code EventRecords}). */
    private static KafkaProducer<String, byte[]> eventProducer(PedigreeConfig settings, String bootstrap) {
        Map<String, Object> config = new HashMap<>(settings.kafkaSettings());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "pedigree-http-events");
        // Each request waits for its acknowledgement: a linger (5 ms by default since Kafka 4.0) would add to every
        // one. Concurrent requests and batches still share produce requests, formed while one is in flight.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        // One produce request in flight: the events of requests arriving meanwhile go together in the next one,
        // instead of up to five requests of one event each. Under 16 clients posting single events this cut the
        // CPU per request by a fifth (docs/MEASUREMENTS.md, "HTTP ingestion, second pass"); a lone request is not
        // delayed.
        config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // A broker that is down costs a request 10 s, not the minute a producer waits for metadata by default.
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** {@code http://host:port} of the API. */
    public String httpUrl() {
        return "http://" + api.advertisedServer();
    }

    public PedigreeProcessor processor() {
        return processor;
    }

    /** Where interactive queries go: the graph here, partitioned keys here or at their owner. */
    public QueryRouter router() {
        return api.router();
    }

    @Override
    public void close() {
        parts.close();
    }
}
