package dev.pedigree.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.connectors.openlineage.OpenLineageException;
import dev.pedigree.connectors.openlineage.OpenLineageTranslator;
import dev.pedigree.http.answers.Answers;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code POST /api/v1/lineage} and {@code /api/v1/lineage/batch}: the Marquez paths, so the OpenLineage HTTP
 * transport (Airflow, Spark, dbt, Flink, the Python client) works unchanged. Events are translated
 * ({@link OpenLineageTranslator}) and published as native events; an invalid event is 400 with the JSON path of
 * the problem, and nothing of a batch is published unless every event of it translates.
 */
final class OpenLineageIngest {

    private final EventIngest publisher;

    OpenLineageIngest(EventIngest publisher) {
        this.publisher = publisher;
    }

    void single(Context ctx) {
        respond(ctx, List.of(OpenLineageTranslator.translate(body(ctx), "$")));
    }

    void batch(Context ctx) {
        JsonNode body = body(ctx);
        if (!body.isArray()) {
            throw ApiException.badRequest("$", "$ must be a JSON array of OpenLineage events");
        }
        List<OpenLineageTranslator.Translation> translations = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            translations.add(OpenLineageTranslator.translate(body.get(i), "$[" + i + "]"));
        }
        respond(ctx, translations);
    }

    private void respond(Context ctx, List<OpenLineageTranslator.Translation> translations) {
        List<Answers.Published> published = new ArrayList<>();
        List<String> unhashed = new ArrayList<>();
        for (OpenLineageTranslator.Translation translation : translations) {
            unhashed.addAll(translation.unhashed());
            for (SpecificRecord event : translation.events()) {
                var metadata = publisher.publish(event);
                published.add(new Answers.Published(event.getSchema().getName(),
                        ((GenericRecord) event).get("eventId").toString(), metadata.topic()));
            }
        }
        ctx.status(201).json(new Answers.LineageReceived(translations.size(), published, unhashed));
    }

    private static JsonNode body(Context ctx) {
        try {
            return JacksonJsonMapper.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("$", "$ is not JSON");
        }
    }

    /** Maps translation errors to 400 naming the JSON path. */
    static ApiException toApi(OpenLineageException e) {
        return ApiException.badRequest(e.path(), e.getMessage());
    }
}
