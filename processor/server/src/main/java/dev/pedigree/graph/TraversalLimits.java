package dev.pedigree.graph;

/**
 * Hard budgets of a traversal: it stops at {@code maxDepth} hops and {@code maxNodes} nodes and says it was
 * truncated, so a hot node or a huge graph never stalls a query.
 */
public record TraversalLimits(int maxDepth, int maxNodes) {

    public static final TraversalLimits DEFAULT = new TraversalLimits(20, 5_000);

    public TraversalLimits {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be at least 0, got " + maxDepth);
        }
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be at least 1, got " + maxNodes);
        }
    }
}
