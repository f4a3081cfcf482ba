package dev.pedigree.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.connectors.openlineage.OpenLineageException;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.schema.InvalidEventException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What both batch routes do ({@code /v1/events/{kind}/batch}, {@code /api/v1/lineage/batch}): read the body event by
 * event ({@link BatchReader}), turn each into native events (refused by index when it cannot be), send them without
 * waiting ({@link BatchPublisher}), then answer every event by index once the broker has acknowledged or refused
 * what was sent: 200 when all went through, 207 when some were refused, 400 when none was published, 503 when the
 * broker failed, the body's status (413, 400) when it could not be read to its end.
 */
final class BatchIngest {

    /** What one element of the batch becomes: native events, and the datasets it named without a hash. */
    record Translated(List<SpecificRecord> events, List<String> unhashed) {
    }

    /**
     * Turns one element into native events.
     *
     * @throws InvalidEventException or {@link OpenLineageException} naming the offending field
     */
    @FunctionalInterface
    interface Translator {
        Translated translate(JsonNode element, int index);
    }

    /** What is kept of an element until its events are acknowledged: not the events themselves. */
    private record Sent(List<String> types, List<String> eventIds, List<Future<RecordMetadata>> acknowledgements,
            List<String> unhashed) {
    }

    private BatchIngest() {
    }

    /**
     * @param unreadableField the field an element that is not JSON is refused on, by index
     */
    static void run(Context ctx, Producer<String, SpecificRecord> producer, long maxBodyBytes, Translator translator,
            IntFunction<String> unreadableField) {
        BatchPublisher publisher = new BatchPublisher(producer);
        List<Answers.BatchEvent> answered = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        ApiException bodyProblem = null;
        try (BatchReader reader = new BatchReader(RequestBody.open(ctx, maxBodyBytes))) {
            for (BatchReader.Item item = reader.next(); item != null; item = reader.next()) {
                if (item.error() != null) {
                    answered.add(refused(item.index(), item.error(), unreadableField.apply(item.index())));
                    continue;
                }
                try {
                    Translated translated = translator.translate(item.event(), item.index());
                    List<String> types = new ArrayList<>();
                    List<String> eventIds = new ArrayList<>();
                    List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
                    for (SpecificRecord event : translated.events()) {
                        types.add(event.getSchema().getName());
                        eventIds.add(EventIngest.eventId(event));
                        acknowledgements.add(publisher.send(event));
                    }
                    answered.add(null); // answered once acknowledged
                    sent.add(new Sent(types, eventIds, acknowledgements, translated.unhashed()));
                } catch (InvalidEventException e) {
                    answered.add(refused(item.index(), e.getMessage(), e.field()));
                } catch (OpenLineageException e) {
                    answered.add(refused(item.index(), e.getMessage(), e.path()));
                }
            }
        } catch (IOException e) {
            bodyProblem = RequestBody.unreadable(e);
        }
        int next = 0;
        for (int i = 0; i < answered.size(); i++) {
            if (answered.get(i) == null) {
                answered.set(i, acknowledged(i, sent.get(next++), publisher));
            }
        }
        answer(ctx, answered, bodyProblem, publisher.brokerProblem());
    }

    /** PUBLISHED when the broker took every native event of the element, else NOT_PUBLISHED. */
    private static Answers.BatchEvent acknowledged(int index, Sent sent, BatchPublisher publisher) {
        List<Answers.PublishedEvent> published = new ArrayList<>();
        for (int e = 0; e < sent.acknowledgements().size(); e++) {
            RecordMetadata metadata = publisher.await(sent.acknowledgements().get(e));
            if (metadata == null) {
                return new Answers.BatchEvent(index, "NOT_PUBLISHED", List.of(), List.of(), publisher.brokerProblem(),
                        null);
            }
            published.add(new Answers.PublishedEvent(sent.types().get(e), sent.eventIds().get(e), metadata.topic(),
                    metadata.partition(), metadata.offset()));
        }
        return new Answers.BatchEvent(index, "PUBLISHED", published, sent.unhashed(), null, null);
    }

    private static Answers.BatchEvent refused(int index, String error, String field) {
        return new Answers.BatchEvent(index, "REFUSED", List.of(), List.of(), error, field);
    }

    private static void answer(Context ctx, List<Answers.BatchEvent> events, ApiException bodyProblem,
            String brokerProblem) {
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
}
