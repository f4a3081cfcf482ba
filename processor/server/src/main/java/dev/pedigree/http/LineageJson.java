package dev.pedigree.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.Walk;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.http.answers.Answers;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes the answer of {@code GET /v1/lineage} ({@link Answers.Lineage}: the same JSON) from a walk of the graph
 * index, streamed to the response as it is made: each node's details come from the {@link NodeJsonCache} (a RocksDB
 * read only for nodes not in it), the edges straight from the walk's arrays. No tree of the answer is built.
 */
final class LineageJson {

    private LineageJson() {
    }

    /** Writes the answer for a walk from {@code root} to {@code out}, which stays open. */
    static void write(OutputStream out, String root, Walk walk, GraphReader graph, NodeJsonCache nodes)
            throws IOException {
        try (JsonGenerator json = JacksonJsonMapper.MAPPER.getFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("root", root);
            json.writeArrayFieldStart("nodes");
            for (int i = 0; i < walk.size(); i++) {
                writeNode(json, walk, i, graph, nodes);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("edges");
            for (int i = 0; i < walk.edgeCount(); i++) {
                writeEdge(json, walk.edge(i));
            }
            json.writeEndArray();
            json.writeBooleanField("truncated", walk.truncated());
            json.writeEndObject();
        }
    }

    /** A node as {@code NodeView} with its {@code depth} after its other fields. */
    private static void writeNode(JsonGenerator json, Walk walk, int i, GraphReader graph, NodeJsonCache nodes)
            throws IOException {
        Optional<SerializedString> details = walk.stored(i) ? nodes.open(walk.id(i), graph::record)
                : Optional.empty();
        if (details.isPresent()) {
            json.writeRawValue(details.get());
            json.writeRaw(",\"depth\":");
            json.writeRaw(Integer.toString(walk.depth(i)));
            json.writeRaw('}');
            return;
        }
        // Known through its edges only (a job, a model), or its record came after the walk's time.
        json.writeStartObject();
        json.writeStringField("id", walk.id(i));
        json.writeStringField("kind", walk.kind(i).name());
        json.writeStringField("firstSeen", Instant.ofEpochMilli(walk.firstSeen(i)).toString());
        json.writeNumberField("depth", walk.depth(i));
        json.writeEndObject();
    }

    /** An edge as {@code SubgraphView.EdgeView}: its run and transformation only when it has them. */
    private static void writeEdge(JsonGenerator json, Edge edge) throws IOException {
        json.writeStartObject();
        json.writeStringField("from", edge.getFrom());
        json.writeStringField("to", edge.getTo());
        json.writeStringField("kind", edge.getKind().name());
        json.writeStringField("firstSeen", Instant.ofEpochMilli(edge.getFirstSeen()).toString());
        if (edge.getRunId() != null) {
            json.writeStringField("runId", edge.getRunId());
        }
        if (edge.getTransformation() != null) {
            json.writeStringField("transformation", edge.getTransformation());
        }
        json.writeEndObject();
    }
}
