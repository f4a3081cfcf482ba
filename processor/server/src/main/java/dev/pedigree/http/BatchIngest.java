package dev.pedigree.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.connectors.openlineage.OpenLineageException;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.schema.InvalidEventException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What both batch routes do ({@code /v1/events/{kind}/batch}, {@code /api/v1/lineage/batch}): read the body event by
 * event ({@link BatchReader}), turn each into native events (refused by index when it cannot be), send them without
 * waiting ({@link BatchPublisher}), then answer every event by index once the broker has acknowledged or refused
 * what was sent: 200 when all went through, 207 when some were refused, 400 when none was published, 503 when the
 * broker failed, the body's status (413, 400) when it could not be read to its end.
 *
 * <p>The request's thread reads the body; the elements are parsed (NDJSON), translated, validated and encoded
 * ({@link EventRecords}) in chunks of {@value #CHUNK} on the shared translator threads, at most {@value #CHUNKS_AHEAD}
 * chunks ahead of what was sent, so a large batch uses every core and never sits whole in memory. Events are sent on
 * the request's thread in the body's order: two events with the same key reach their partition in the order they
 * were posted.
 */
final class BatchIngest {

    /** Elements translated together on one translator thread. */
    static final int CHUNK = 128;
    /** Chunks translated or being translated ahead of the one being sent, per request. */
    static final int CHUNKS_AHEAD = 4;

    /** What one element of the batch becomes: native events, and the datasets it named without a hash. */
    record Translated(List<SpecificRecord> events, List<String> unhashed) {
    }

    /**
     * Turns one element into native events. Called on translator threads, several elements at once.
     *
     * @throws InvalidEventException or {@link OpenLineageException} naming the offending field
     */
    @FunctionalInterface
    interface Translator {
        Translated translate(JsonNode element, int index);
    }

    /**
     * An element translated and its events encoded; or translated but not encoded ({@code unencodable} says why: the
     * registry cannot be reached, say); or refused with its answer.
     */
    private record Outcome(Translated translated, List<ProducerRecord<String, byte[]>> records,
            String unencodable, Answers.BatchEvent refused) {

        static Outcome refused(Answers.BatchEvent answer) {
            return new Outcome(null, null, null, answer);
        }
    }

    /** What is kept of an element until its events are acknowledged: not the events themselves. */
    private record Sent(List<String> types, List<String> eventIds, List<Future<RecordMetadata>> acknowledgements,
            List<String> unhashed) {
    }

    private final Producer<String, byte[]> producer;
    private final EventRecords records;
    private final Executor translators;
    private final long maxBodyBytes;

    BatchIngest(Producer<String, byte[]> producer, EventRecords records, Executor translators, long maxBodyBytes) {
        this.producer = producer;
        this.records = records;
        this.translators = translators;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @param unreadableField the field an element that is not JSON is refused on, by index
     */
    void run(Context ctx, Translator translator, IntFunction<String> unreadableField) {
        BatchPublisher publisher = new BatchPublisher(producer);
        List<Answers.BatchEvent> answered = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        Deque<CompletableFuture<List<Outcome>>> ahead = new ArrayDeque<>();
        ApiException bodyProblem = null;
        List<BatchReader.Item> chunk = new ArrayList<>(CHUNK);
        try (BatchReader reader = new BatchReader(RequestBody.open(ctx, maxBodyBytes))) {
            for (BatchReader.Item item = reader.next(); item != null; item = reader.next()) {
                chunk.add(item);
                if (chunk.size() == CHUNK) {
                    List<BatchReader.Item> full = chunk;
                    ahead.add(CompletableFuture.supplyAsync(() -> translate(full, translator, unreadableField),
                            translators));
                    chunk = new ArrayList<>(CHUNK);
                    while (ahead.size() > CHUNKS_AHEAD) {
                        send(translated(ahead.poll()), publisher, answered, sent);
                    }
                }
            }
        } catch (IOException e) {
            bodyProblem = RequestBody.unreadable(e);
        }
        // A small batch, or the rest of a large one (up to where the body broke off): translated here.
        ahead.add(CompletableFuture.completedFuture(translate(chunk, translator, unreadableField)));
        while (!ahead.isEmpty()) {
            send(translated(ahead.poll()), publisher, answered, sent);
        }
        int next = 0;
        for (int i = 0; i < answered.size(); i++) {
            if (answered.get(i) == null) {
                answered.set(i, acknowledged(i, sent.get(next++), publisher));
            }
        }
        answer(ctx, answered, bodyProblem, publisher.brokerProblem());
    }

    private List<Outcome> translate(List<BatchReader.Item> items, Translator translator,
            IntFunction<String> unreadableField) {
        List<Outcome> outcomes = new ArrayList<>(items.size());
        for (BatchReader.Item unparsed : items) {
            BatchReader.Item item = unparsed.parsed();
            if (item.error() != null) {
                outcomes.add(Outcome.refused(refused(item.index(), item.error(), unreadableField.apply(item.index()))));
                continue;
            }
            try {
                outcomes.add(encoded(translator.translate(item.event(), item.index())));
            } catch (InvalidEventException e) {
                outcomes.add(Outcome.refused(refused(item.index(), e.getMessage(), e.field())));
            } catch (OpenLineageException e) {
                outcomes.add(Outcome.refused(refused(item.index(), e.getMessage(), e.path())));
            }
        }
        return outcomes;
    }

    private Outcome encoded(Translated translated) {
        List<ProducerRecord<String, byte[]>> encoded = new ArrayList<>(translated.events().size());
        for (SpecificRecord event : translated.events()) {
            try {
                encoded.add(records.of(event));
            } catch (SerializationException e) {
                return new Outcome(translated, null, "cannot publish " + event.getSchema().getName() + ": "
                        + e.getMessage(), null);
            }
        }
        return new Outcome(translated, encoded, null, null);
    }

    /** A chunk's outcomes; a translator that failed unexpectedly fails the request as it would have inline. */
    private static List<Outcome> translated(CompletableFuture<List<Outcome>> chunk) {
        try {
            return chunk.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Sends the chunk's events in order; each element's answer waits (null) until its events are acknowledged. */
    private static void send(List<Outcome> outcomes, BatchPublisher publisher, List<Answers.BatchEvent> answered,
            List<Sent> sent) {
        for (Outcome outcome : outcomes) {
            if (outcome.refused() != null) {
                answered.add(outcome.refused());
                continue;
            }
            Translated translated = outcome.translated();
            if (outcome.unencodable() != null) {
                publisher.failed(outcome.unencodable());
            }
            List<String> types = new ArrayList<>();
            List<String> eventIds = new ArrayList<>();
            List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
            for (int e = 0; e < translated.events().size(); e++) {
                SpecificRecord event = translated.events().get(e);
                types.add(event.getSchema().getName());
                eventIds.add(EventIngest.eventId(event));
                acknowledgements.add(outcome.records() == null ? null : publisher.send(outcome.records().get(e)));
            }
            answered.add(null);
            sent.add(new Sent(types, eventIds, acknowledgements, translated.unhashed()));
        }
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
        JacksonJsonMapper.answer(ctx.status(status), new Answers.BatchReceived(events.size(), published, refused,
                error, events));
    }
}
