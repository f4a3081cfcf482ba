package dev.pedigree.graph;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the changes this instance has applied to its global graph store, so that answers computed from the graph
 * can be reused until the graph changes (the provenance cache of the HTTP API).
 */
public final class GraphChanges {

    private final AtomicLong count = new AtomicLong();

    /** Called by the graph store's updater after each write. */
    public void changed() {
        count.incrementAndGet();
    }

    /** The number of writes so far; read it before reading the graph, to label what is read. */
    public long current() {
        return count.get();
    }
}
