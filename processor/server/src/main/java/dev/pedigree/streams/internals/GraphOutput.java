package dev.pedigree.streams.internals;

import dev.pedigree.graph.GraphKeys;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import org.apache.kafka.streams.processor.api.Record;

/** Builds the graph topic's records for one writer: a node or an edge, keyed so each writer owns its keys. */
final class GraphOutput {

    private final String writer;

    GraphOutput(String writer) {
        this.writer = writer;
    }

    Record<String, GraphEntry> node(Node node, long timestamp) {
        return new Record<>(GraphKeys.nodeTopicKey(node.getId(), writer), new GraphEntry(node, null), timestamp);
    }

    Record<String, GraphEntry> edge(String from, String to, EdgeKind kind, long firstSeen, long timestamp) {
        return edge(from, to, kind, firstSeen, timestamp, null, null);
    }

    /** An edge labelled with the run that made it and how (a DERIVED edge). */
    Record<String, GraphEntry> edge(String from, String to, EdgeKind kind, long firstSeen, long timestamp,
            String runId, String transformation) {
        return new Record<>(GraphKeys.edgeTopicKey(from, to, writer),
                new GraphEntry(null, new Edge(from, to, kind, firstSeen, runId, transformation)), timestamp);
    }
}
