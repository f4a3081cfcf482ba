package dev.pedigree.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pedigree.connectors.json.EventJson;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.schema.EventValidator;
import dev.pedigree.schema.InvalidEventException;
import dev.pedigree.schema.topic.EventKind;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code POST /v1/events/{datasets,runs,models,predictions}}: a native event as JSON, validated, published to its
 * topic with its contract key; 202 with the event id. {@code POST /v1/events/{kind}/batch}: many, as a JSON array or
 * NDJSON, each validated and published on its own, all acknowledged before the answer. {@code eventId},
 * {@code eventTime} and {@code producer} may be left out and are filled in.
 */
final class EventIngest {

    static final String DEFAULT_PRODUCER = "https://github.com/pedigree/pedigree/http";

    private final Producer<String, SpecificRecord> producer;
    private final long maxBodyBytes;

    EventIngest(Producer<String, SpecificRecord> producer, long maxBodyBytes) {
        this.producer = producer;
        this.maxBodyBytes = maxBodyBytes;
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    Producer<String, SpecificRecord> producer() {
        return producer;
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
        RecordMetadata metadata = publish(event);
        ctx.status(202).json(new Answers.EventAccepted(eventId(event), metadata.topic(), metadata.partition(),
                metadata.offset()));
    }

    void batch(Context ctx) {
        EventKind kind = kind(ctx);
        BatchPublisher publisher = new BatchPublisher(producer);
        List<Answers.BatchEvent> answered = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        ApiException bodyProblem = null;
        try (BatchReader reader = new BatchReader(RequestBody.open(ctx, maxBodyBytes))) {
            for (BatchReader.Item item = reader.next(); item != null; item = reader.next()) {
                if (item.error() != null) {
                    answered.add(refused(item.index(), item.error(), "body"));
                    continue;
                }
                try {
                    SpecificRecord event = read(item.event(), kind);
                    answered.add(null); // answered once acknowledged
                    sent.add(new Sent(event.getSchema().getName(), eventId(event), publisher.send(event)));
                } catch (InvalidEventException e) {
                    answered.add(refused(item.index(), e.getMessage(), e.field()));
                }
            }
        } catch (IOException e) {
            bodyProblem = RequestBody.unreadable(e);
        }
        int next = 0;
        for (int i = 0; i < answered.size(); i++) {
            if (answered.get(i) == null) {
                Sent event = sent.get(next++);
                RecordMetadata metadata = publisher.await(event.acknowledgement());
                answered.set(i, metadata == null ? notPublished(i, publisher.brokerProblem())
                        : published(i, List.of(new Answers.PublishedEvent(event.type(), event.eventId(),
                                metadata.topic(), metadata.partition(), metadata.offset())), List.of()));
            }
        }
        answer(ctx, answered, bodyProblem, publisher.brokerProblem());
    }

    /** What is kept of an event sent until its acknowledgement: not the event itself. */
    private record Sent(String type, String eventId, Future<RecordMetadata> acknowledgement) {
    }

    /**
     * The batch's answer: 200 when every event went through, 207 when some were refused, 400 when none was
     * published; 503 when the broker failed, and the body's status (413, 400) when it could not be read to its end,
     * always with each event by index.
     */
    static void answer(Context ctx, List<Answers.BatchEvent> events, ApiException bodyProblem, String brokerProblem) {
        if (events.isEmpty() && bodyProblem == null) {
            throw ApiException.badRequest("body", "the batch is empty: send a JSON array or NDJSON (one event per "
                    + "line) with at least one event");
        }
        int published = (int) events.stream().filter(e -> e.status().equals("PUBLISHED")).count();
        int refused = (int) events.stream().filter(e -> e.status().equals("REFUSED")).count();
        int status;
        String error = null;
        if (bodyProblem != null) {
            status = bodyProblem.status();
            error = bodyProblem.getMessage();
        } else if (brokerProblem != null) {
            status = 503;
            error = brokerProblem;
            ctx.header("Retry-After", "5");
        } else {
            status = published == events.size() ? 200 : published > 0 ? 207 : 400;
        }
        ctx.status(status).json(new Answers.BatchReceived(events.size(), published, refused, error, events));
    }

    static Answers.BatchEvent refused(int index, String error, String field) {
        return new Answers.BatchEvent(index, "REFUSED", List.of(), List.of(), error, field);
    }

    static Answers.BatchEvent notPublished(int index, String brokerProblem) {
        return new Answers.BatchEvent(index, "NOT_PUBLISHED", List.of(), List.of(), brokerProblem, null);
    }

    static Answers.BatchEvent published(int index, List<Answers.PublishedEvent> events, List<String> unhashed) {
        return new Answers.BatchEvent(index, "PUBLISHED", events, unhashed, null, null);
    }

    static Answers.PublishedEvent published(SpecificRecord event, RecordMetadata metadata) {
        return new Answers.PublishedEvent(event.getSchema().getName(), eventId(event), metadata.topic(),
                metadata.partition(), metadata.offset());
    }

    private static EventKind kind(Context ctx) {
        String kind = ctx.pathParam("kind");
        return EventKind.named(kind).orElseThrow(() -> ApiException.notFound("no event kind '"
                + Params.abbreviate(kind) + "'; use datasets, runs, models or predictions"));
    }

    /** A native event of {@code kind} from its JSON, with the defaults filled in, validated. */
    private static SpecificRecord read(JsonNode json, EventKind kind) {
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
        EventValidator.validate(record);
        return record;
    }

    static String eventId(SpecificRecord event) {
        return ((GenericRecord) event).get("eventId").toString();
    }

    /** Validates and publishes a native event of any kind to its topic; 503 when it cannot be published. */
    RecordMetadata publish(SpecificRecord event) {
        try {
            EventValidator.validate(event);
        } catch (InvalidEventException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        return publish(EventKind.record(event));
    }

    private RecordMetadata publish(ProducerRecord<String, SpecificRecord> record) {
        try {
            return producer.send(record).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw ApiException.notReady("cannot publish to " + record.topic() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.notReady("interrupted while publishing");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw ApiException.notReady("cannot publish to " + record.topic() + ": " + e.getMessage());
        }
    }
}
