package dev.pedigree.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.connectors.openlineage.OpenLineageException;
import dev.pedigree.connectors.openlineage.OpenLineageTranslator;
import dev.pedigree.http.answers.Answers;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

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
        JacksonJsonMapper.answer(ctx.status(201), new Answers.LineageReceived(1, published, translation.unhashed()));
    }

    void batch(Context ctx) {
        publisher.batches().run(ctx, (element, index) -> {
            OpenLineageTranslator.Translation translation = OpenLineageTranslator.translate(element, "$[" + index + "]");
            translation.events().forEach(publisher::validate);
            return new BatchIngest.Translated(translation.events(), translation.unhashed());
        }, index -> "$[" + index + "]");
    }

    /** Maps translation errors to 400 naming the JSON path. */
    static ApiException toApi(OpenLineageException e) {
        return ApiException.badRequest(e.path(), e.getMessage());
    }
}
