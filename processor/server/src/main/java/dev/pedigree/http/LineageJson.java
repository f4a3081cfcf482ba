package dev.pedigree.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.Walk;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.http.answers.Answers;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the answer of {@code GET /v1/lineage} ({@link Answers.Lineage}: the same JSON) from a walk of the graph
 * index, streamed to the response as it is made: each node's details come from the {@link NodeJsonCache} (a RocksDB
 * read only for nodes not in it), the edges straight from the walk's arrays, each id, time and label encoded once per
 * answer. No tree of the answer is built.
 */
final class LineageJson {

    /** What an answer holds ({@code view=}): everything, or only which nodes were reached and how far. */
    enum View {
        /** Every node with its details, and every edge with its run and transformation (the default). */
        FULL,
        /**
         * Each node's id, kind, first-seen time and depth; no details, no edges: what a recursive query over an edge
         * table answers, at a small part of the size (a column's downstream, 861 columns: 889 KB in full).
         */
        NODES;

        /** What the walk for such an answer keeps. */
        Walk.Parts parts() {
            return this == FULL ? Walk.Parts.NODES_AND_EDGES : Walk.Parts.NODES;
        }
    }

    private LineageJson() {
    }

    /** Writes the answer for a walk from {@code root} with {@code json}, which the caller closes. */
    static void write(JsonGenerator json, String root, Walk walk, GraphReader graph, NodeJsonCache nodes, View view)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("root", root);
        Pieces pieces = new Pieces(json, walk);
        json.writeArrayFieldStart("nodes");
        for (int i = 0; i < walk.size(); i++) {
            if (view == View.FULL) {
                writeNode(json, walk, i, graph, nodes, pieces);
            } else {
                writeReached(json, walk, i, pieces);
            }
        }
        json.writeEndArray();
        if (view == View.FULL) {
            json.writeArrayFieldStart("edges");
            for (int i = 0; i < walk.edgeCount(); i++) {
                pieces.writeEdge(i);
            }
            json.writeEndArray();
        }
        json.writeBooleanField("truncated", walk.truncated());
        json.writeEndObject();
    }

    /** A node as {@code NodeView} with its {@code depth} after its other fields. */
    private static void writeNode(JsonGenerator json, Walk walk, int i, GraphReader graph, NodeJsonCache nodes,
            Pieces pieces) throws IOException {
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
        writeReached(json, walk, i, pieces);
    }

    /** A node as the index knows it: id, kind, first seen, depth. */
    private static void writeReached(JsonGenerator json, Walk walk, int i, Pieces pieces) throws IOException {
        json.writeStartObject();
        json.writeFieldName(Pieces.ID);
        json.writeString(pieces.id(i));
        json.writeFieldName(Pieces.KIND);
        json.writeString(Pieces.NODE_KINDS[walk.kind(i).ordinal()]);
        json.writeFieldName(Pieces.FIRST_SEEN);
        json.writeString(pieces.time(walk.firstSeen(i)));
        json.writeNumberField("depth", walk.depth(i));
        json.writeEndObject();
    }

    /**
     * The strings of an answer, each encoded once: each node's id, each time and each label, which many nodes and
     * edges share (a column's id is in ten edges, a run's time and id in all the edges it derived). Writes edges as
     * {@code SubgraphView.EdgeView}, their run and transformation only when they have them.
     */
    private static final class Pieces {

        static final SerializedString ID = new SerializedString("id");
        static final SerializedString[] NODE_KINDS = Arrays.stream(NodeKind.values())
                .map(kind -> new SerializedString(kind.name())).toArray(SerializedString[]::new);
        private static final SerializedString FROM = new SerializedString("from");
        private static final SerializedString TO = new SerializedString("to");
        static final SerializedString KIND = new SerializedString("kind");
        static final SerializedString FIRST_SEEN = new SerializedString("firstSeen");
        private static final SerializedString RUN_ID = new SerializedString("runId");
        private static final SerializedString TRANSFORMATION = new SerializedString("transformation");
        private static final SerializedString[] EDGE_KINDS = Arrays.stream(EdgeKind.values())
                .map(kind -> new SerializedString(kind.name())).toArray(SerializedString[]::new);

        private final JsonGenerator json;
        private final Walk walk;
        private final SerializedString[] ids;
        private final Map<String, SerializedString> labels = new HashMap<>();
        private long lastTime = Long.MIN_VALUE;
        private SerializedString lastTimeText;

        Pieces(JsonGenerator json, Walk walk) {
            this.json = json;
            this.walk = walk;
            this.ids = new SerializedString[walk.size()];
        }

        void writeEdge(int edge) throws IOException {
            json.writeStartObject();
            json.writeFieldName(FROM);
            json.writeString(id(walk.edgeFrom(edge)));
            json.writeFieldName(TO);
            json.writeString(id(walk.edgeTo(edge)));
            json.writeFieldName(KIND);
            json.writeString(EDGE_KINDS[walk.edgeKind(edge).ordinal()]);
            json.writeFieldName(FIRST_SEEN);
            json.writeString(time(walk.edgeFirstSeen(edge)));
            GraphIndex.EdgeLabel label = walk.edgeLabel(edge);
            if (label != null && label.runId() != null) {
                json.writeFieldName(RUN_ID);
                json.writeString(label(label.runId()));
            }
            if (label != null && label.transformation() != null) {
                json.writeFieldName(TRANSFORMATION);
                json.writeString(label(label.transformation()));
            }
            json.writeEndObject();
        }

        SerializedString id(int node) {
            SerializedString id = ids[node];
            if (id == null) {
                id = new SerializedString(walk.id(node));
                ids[node] = id;
            }
            return id;
        }

        /** The edges of a node follow one another and often share their time (one run's), as do its nodes. */
        SerializedString time(long millis) {
            if (millis != lastTime) {
                lastTime = millis;
                lastTimeText = new SerializedString(Instant.ofEpochMilli(millis).toString());
            }
            return lastTimeText;
        }

        private SerializedString label(String text) {
            return labels.computeIfAbsent(text, SerializedString::new);
        }
    }
}
