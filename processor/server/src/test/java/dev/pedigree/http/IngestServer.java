package dev.pedigree.http;

import dev.pedigree.schema.EventLimits;
import dev.pedigree.schema.registry.InMemorySchemaRegistry;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import io.javalin.Javalin;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The native ingestion routes ({@code POST /v1/events/{kind}} and its {@code /batch}) on a Javalin server of their
 * own, publishing to a mock producer that acknowledges at once: what the HTTP side of ingestion does, without a broker.
 * Events are encoded as the server encodes them, against an in-memory registry of this server's own.
 */
final class IngestServer implements AutoCloseable {

    final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final String registryScope = "ingest-server-" + UUID.randomUUID();
    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(registryScope);
    private final ExecutorService translators = Executors.newFixedThreadPool(2);
    private final Javalin app;

    IngestServer(long maxBodyBytes) {
        this(maxBodyBytes, event -> false);
    }

    /** @param unencodable the events encoding fails on, as it does when the schema registry cannot be reached */
    IngestServer(long maxBodyBytes, Predicate<SpecificRecord> unencodable) {
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>(registry);
        Serializer<SpecificRecord> failing = (topic, event) -> {
            if (unencodable.test(event)) {
                throw new SerializationException("cannot register the schema: registry unreachable");
            }
            return values.serialize(topic, event);
        };
        EventIngest ingest = new EventIngest(producer, new EventRecords(failing), maxBodyBytes, EventLimits.DEFAULT,
                translators);
        app = Javalin.create(config -> {
            config.jsonMapper(new JacksonJsonMapper());
            config.startup.showJavalinBanner = false;
            config.routes.post("/v1/events/{kind}", ingest::post);
            config.routes.post("/v1/events/{kind}/batch", ingest::batch);
            config.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).result(e.getMessage()));
        }).start("127.0.0.1", 0);
    }

    /** {@code path} on this server. */
    String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    /** A prediction event as a client posts it. */
    static String prediction(int i) {
        return "{\"predictionId\":\"p-" + i + "\",\"model\":{\"name\":\"m\",\"version\":\"1\"},\"features\":[]}";
    }

    /** The events published so far, decoded, in the order they were sent. */
    <T extends SpecificRecord> List<T> published(Class<T> type) {
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(type, registry);
        return producer.history().stream().map(record -> values.deserialize(record.topic(), record.value()))
                .toList();
    }

    /** Where each published event went: its topic and key. */
    List<String> topicsAndKeys() {
        return producer.history().stream().map(record -> record.topic() + "/" + record.key()).toList();
    }

    @Override
    public void close() {
        app.stop();
        translators.shutdownNow();
        InMemorySchemaRegistry.dropScope(registryScope);
    }
}
