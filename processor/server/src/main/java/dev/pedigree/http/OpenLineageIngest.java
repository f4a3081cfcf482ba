package dev.pedigree.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.connectors.openlineage.OpenLineageException;
import dev.pedigree.connectors.openlineage.OpenLineageTranslator;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.schema.EventValidator;
import dev.pedigree.schema.InvalidEventException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code POST /api/v1/lineage} and {@code /api/v1/lineage/batch}: the Marquez paths, so the OpenLineage HTTP
 * transport (Airflow, Spark, dbt, Flink, the Python client) works unchanged. Events are translated
 * ({@link OpenLineageTranslator}) and published as native events. One event: 201, or 400 with the JSON path of the
 * problem. A batch (JSON array or NDJSON): each event translated and published on its own, answered by index as
 * {@code POST /v1/events/{kind}/batch} does.
 */
final class OpenLineageIngest {

    private final EventIngest publisher;

    OpenLineageIngest(EventIngest publisher) {
        this.publisher = publisher;
    }

    void single(Context ctx) {
        JsonNode body;
        try {
            body = JacksonJsonMapper.MAPPER.readTree(RequestBody.bytes(ctx, publisher.maxBodyBytes()));
        } catch (IOException e) {
            throw ApiException.badRequest("$", "$ is not JSON");
        }
        OpenLineageTranslator.Translation translation = OpenLineageTranslator.translate(body, "$");
        List<Answers.Published> published = new ArrayList<>();
        for (SpecificRecord event : translation.events()) {
            var metadata = publisher.publish(event);
            published.add(new Answers.Published(event.getSchema().getName(), EventIngest.eventId(event),
                    metadata.topic()));
        }
        ctx.status(201).json(new Answers.LineageReceived(1, published, translation.unhashed()));
    }

    void batch(Context ctx) {
        BatchPublisher broker = new BatchPublisher(publisher.producer());
        List<Answers.BatchEvent> answered = new ArrayList<>();
        List<Translated> sent = new ArrayList<>();
        ApiException bodyProblem = null;
        try (BatchReader reader = new BatchReader(RequestBody.open(ctx, publisher.maxBodyBytes()))) {
            for (BatchReader.Item item = reader.next(); item != null; item = reader.next()) {
                if (item.error() != null) {
                    answered.add(EventIngest.refused(item.index(), item.error(), "$[" + item.index() + "]"));
                    continue;
                }
                try {
                    OpenLineageTranslator.Translation translation = OpenLineageTranslator.translate(item.event(),
                            "$[" + item.index() + "]");
                    translation.events().forEach(EventValidator::validate);
                    List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
                    translation.events().forEach(event -> acknowledgements.add(broker.send(event)));
                    answered.add(null); // answered once acknowledged
                    sent.add(new Translated(translation, acknowledgements));
                } catch (OpenLineageException e) {
                    answered.add(EventIngest.refused(item.index(), e.getMessage(), e.path()));
                } catch (InvalidEventException e) {
                    answered.add(EventIngest.refused(item.index(), e.getMessage(), e.field()));
                }
            }
        } catch (IOException e) {
            bodyProblem = RequestBody.unreadable(e);
        }
        int next = 0;
        for (int i = 0; i < answered.size(); i++) {
            if (answered.get(i) == null) {
                answered.set(i, acknowledged(i, sent.get(next++), broker));
            }
        }
        EventIngest.answer(ctx, answered, bodyProblem, broker.brokerProblem());
    }

    /** PUBLISHED when the broker took every native event of the translation, else NOT_PUBLISHED. */
    private static Answers.BatchEvent acknowledged(int index, Translated translated, BatchPublisher broker) {
        List<Answers.PublishedEvent> published = new ArrayList<>();
        List<SpecificRecord> events = translated.translation().events();
        for (int e = 0; e < events.size(); e++) {
            RecordMetadata metadata = broker.await(translated.acknowledgements().get(e));
            if (metadata == null) {
                return EventIngest.notPublished(index, broker.brokerProblem());
            }
            published.add(EventIngest.published(events.get(e), metadata));
        }
        return EventIngest.published(index, published, translated.translation().unhashed());
    }

    private record Translated(OpenLineageTranslator.Translation translation,
            List<Future<RecordMetadata>> acknowledgements) {
    }

    /** Maps translation errors to 400 naming the JSON path. */
    static ApiException toApi(OpenLineageException e) {
        return ApiException.badRequest(e.path(), e.getMessage());
    }
}
