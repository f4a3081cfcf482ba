package dev.pedigree.graph;

import java.util.Arrays;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * The nodes a walk of the {@link GraphIndex} has reached, as one bit per node number. A walk unmarks what it marked
 * when it ends (it knows which: the nodes it reached), so marks are reused from walk to walk through a {@link Pool}
 * without clearing the whole array; a mark costs an array write where a hash set per walk cost an insert (the walk's
 * largest cost).
 */
final class VisitedMarks {

    private long[] bits = new long[0];

    /** Ready for a new walk over an index of {@code nodes} nodes: nothing marked. */
    void reset(int nodes) {
        int words = nodes / Long.SIZE + 1;
        if (bits.length < words) {
            bits = new long[words + words / 4];
        }
    }

    /** Marks the node; whether it was not marked yet. */
    boolean add(int node) {
        long bit = 1L << node;
        int word = node / Long.SIZE;
        if ((bits[word] & bit) != 0) {
            return false;
        }
        bits[word] |= bit;
        return true;
    }

    boolean contains(int node) {
        return (bits[node / Long.SIZE] & (1L << node)) != 0;
    }

    /** Unmarks the first {@code count} of {@code nodes}: what the walk marked, so that none is left marked. */
    void unmark(int[] nodes, int count) {
        for (int i = 0; i < count; i++) {
            bits[nodes[i] / Long.SIZE] = 0;
        }
    }

    /** Unmarks every node: after a walk that ended before it could say which it marked. */
    void unmarkAll() {
        Arrays.fill(bits, 0);
    }

    /**
     * A fixed number of marks for the walks of one index, so at most that many walks run at once and the others wait
     * for one to finish (walks take microseconds to milliseconds, and more than a few at once only share the same
     * cores). Each costs a bit per node (and a quarter more to grow) once used; the last given back is taken first,
     * so only as many are ever filled as walks have run at the same time.
     */
    static final class Pool {

        private final BlockingDeque<VisitedMarks> free = new LinkedBlockingDeque<>();

        Pool(int size) {
            for (int i = 0; i < size; i++) {
                free.add(new VisitedMarks());
            }
        }

        /** Marks for a walk ({@link #reset} them first), waiting for a walk to give some back if none are free. */
        VisitedMarks take() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return free.takeFirst();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void giveBack(VisitedMarks marks) {
            free.addFirst(marks);
        }
    }
}
