package dev.pedigree.http.answers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.pedigree.graph.Subgraph;
import dev.pedigree.graph.store.Edge;
import java.time.Instant;
import java.util.List;

/** The nodes a traversal reached (each with its depth), the edges between them, and whether a budget cut it. */
public record SubgraphView(List<Reached> nodes, List<EdgeView> edges, boolean truncated) {

    public static SubgraphView of(Subgraph subgraph) {
        return new SubgraphView(subgraph.nodes().stream().map(r -> new Reached(NodeView.of(r.node()), r.depth()))
                .toList(), subgraph.edges().stream().map(EdgeView::of).toList(), subgraph.truncated());
    }

    /** A reached node and how many edges from the start it is. */
    public record Reached(@JsonUnwrapped NodeView node, int depth) {
    }

    /** An edge and when it was first seen; a DERIVED edge also names the run that made it and how. */
    public record EdgeView(String from, String to, String kind, Instant firstSeen,
            @JsonInclude(JsonInclude.Include.NON_NULL) String runId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String transformation) {
        static EdgeView of(Edge edge) {
            return new EdgeView(edge.getFrom(), edge.getTo(), edge.getKind().name(),
                    Instant.ofEpochMilli(edge.getFirstSeen()), edge.getRunId(), edge.getTransformation());
        }
    }
}
