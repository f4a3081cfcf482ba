package dev.pedigree.graph;

import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.Node;
import java.util.List;

/**
 * The part of the graph a traversal reached.
 *
 * @param nodes the nodes in the order reached, each with its distance from the start
 * @param edges the edges between reached nodes that the traversal followed
 * @param truncated whether a budget stopped the traversal before it reached everything
 */
public record Subgraph(List<Reached> nodes, List<Edge> edges, boolean truncated) {

    /** A node and its distance in hops from the traversal's start. */
    public record Reached(Node node, int depth) {
    }
}
