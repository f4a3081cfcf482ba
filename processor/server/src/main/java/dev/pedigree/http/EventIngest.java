package dev.pedigree.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.connectors.json.EventJson;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.schema.EventLimits;
import dev.pedigree.schema.EventValidator;
import dev.pedigree.schema.InvalidEventException;
import dev.pedigree.schema.topic.EventKind;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code POST /v1/events/{datasets,runs,models,predictions}}: a native event as JSON, validated, published to its
 * topic with its contract key; 202 with the event id. {@code POST /v1/events/{kind}/batch}: many, as a JSON array or
 * NDJSON, each validated and published on its own, all acknowledged before the answer. {@code eventId},
 * {@code eventTime} and {@code producer} may be left out and are filled in.
 */
final class EventIngest {

    static final String DEFAULT_PRODUCER = "https://github.com/pedigree/pedigree/http";

    private final Producer<String, byte[]> producer;
    private final EventRecords records;
    private final long maxBodyBytes;
    private final EventLimits limits;
    private final BatchIngest batches;

    /**
     * @param records how events become the producer's records
     * @param translators where batches are translated, validated and encoded, a chunk at a time
     */
    EventIngest(Producer<String, byte[]> producer, EventRecords records, long maxBodyBytes, EventLimits limits,
            Executor translators) {
        this.producer = producer;
        this.records = records;
        this.maxBodyBytes = maxBodyBytes;
        this.limits = limits;
        this.batches = new BatchIngest(producer, records, translators, maxBodyBytes);
    }

    /**
     * Checks an event against the contract and the configured budgets.
     *
     * @throws InvalidEventException naming the first offending field
     */
    SpecificRecord validate(SpecificRecord event) {
        return EventValidator.validate(event, limits);
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** How batch bodies are read, translated and published. */
    BatchIngest batches() {
        return batches;
    }

    void post(Context ctx) {
        EventKind kind = kind(ctx);
        JsonNode body;
        try {
            body = JacksonJsonMapper.MAPPER.readTree(RequestBody.bytes(ctx, maxBodyBytes));
        } catch (IOException e) {
            throw ApiException.badRequest("body", "the body is not JSON: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        SpecificRecord event;
        try {
            event = read(body, kind);
        } catch (InvalidEventException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        RecordMetadata metadata = send(event);
        JacksonJsonMapper.answer(ctx.status(202), new Answers.EventAccepted(eventId(event), metadata.topic(),
                metadata.partition(), metadata.offset()));
    }

    void batch(Context ctx) {
        EventKind kind = kind(ctx);
        batches.run(ctx, (element, index) -> new BatchIngest.Translated(List.of(read(element, kind)), List.of()),
                index -> "body");
    }

    private static EventKind kind(Context ctx) {
        String kind = ctx.pathParam("kind");
        return EventKind.named(kind).orElseThrow(() -> ApiException.notFound("no event kind '"
                + Params.abbreviate(kind) + "'; use datasets, runs, models or predictions"));
    }

    /** A native event of {@code kind} from its JSON, with the defaults filled in, validated. */
    private SpecificRecord read(JsonNode json, EventKind kind) {
        if (json == null || !json.isObject()) {
            throw new InvalidEventException("$", "must be a JSON object");
        }
        ObjectNode event = (ObjectNode) json;
        if (!event.hasNonNull("eventId")) {
            event.put("eventId", UUID.randomUUID().toString());
        }
        if (!event.hasNonNull("eventTime")) {
            event.put("eventTime", Instant.now().toEpochMilli());
        }
        if (!event.hasNonNull("producer")) {
            event.put("producer", DEFAULT_PRODUCER);
        }
        SpecificRecord record = EventJson.read(event, kind.type());
        return validate(record);
    }

    static String eventId(SpecificRecord event) {
        return ((GenericRecord) event).get("eventId").toString();
    }

    /** Validates and publishes a native event of any kind to its topic; 503 when it cannot be published. */
    RecordMetadata publish(SpecificRecord event) {
        try {
            validate(event);
        } catch (InvalidEventException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        return send(event);
    }

    /** Publishes a validated event and waits for the broker; 503 when it cannot be published. */
    private RecordMetadata send(SpecificRecord event) {
        try {
            return producer.send(records.of(event)).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw notPublished(event, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.notReady("interrupted while publishing");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw notPublished(event, e);
        }
    }

    private static ApiException notPublished(SpecificRecord event, Throwable cause) {
        return ApiException.notReady("cannot publish to " + EventKind.of(event).topic() + ": " + cause.getMessage());
    }
}
