package dev.pedigree.http;

import dev.pedigree.schema.EventLimits;
import io.javalin.Javalin;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The native ingestion routes ({@code POST /v1/events/{kind}} and its {@code /batch}) on a Javalin server of their
 * own, publishing to a mock producer that acknowledges at once: what the HTTP side of ingestion does, without a broker.
 */
final class IngestServer implements AutoCloseable {

    final MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(),
            (topic, event) -> new byte[0]);
    private final ExecutorService translators = Executors.newFixedThreadPool(2);
    private final Javalin app;

    IngestServer(long maxBodyBytes) {
        EventIngest ingest = new EventIngest(producer, maxBodyBytes, EventLimits.DEFAULT, translators);
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

    @Override
    public void close() {
        app.stop();
        translators.shutdownNow();
    }
}
