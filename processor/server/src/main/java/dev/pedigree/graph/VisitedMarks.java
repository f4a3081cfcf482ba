package dev.pedigree.graph;

import java.util.Arrays;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * The nodes a walk of the {@link GraphIndex} has reached, as marks in an array indexed by node number. A new
 * generation number per walk stands for clearing it, so marks are reused from walk to walk through a {@link Pool};
 * a mark costs an array write where a hash set per walk cost an insert (the walk's largest cost).
 */
final class VisitedMarks {

    private int[] marks = new int[0];
    private int generation;

    /** Ready for a new walk over an index of {@code nodes} nodes: nothing marked. */
    void reset(int nodes) {
        if (marks.length < nodes) {
            marks = new int[nodes + nodes / 4];
            generation = 0;
        }
        generation++;
        if (generation == 0) {
            Arrays.fill(marks, 0);
            generation = 1;
        }
    }

    /** Marks the node; whether it was not marked yet. */
    boolean add(int node) {
        if (marks[node] == generation) {
            return false;
        }
        marks[node] = generation;
        return true;
    }

    boolean contains(int node) {
        return marks[node] == generation;
    }

    /**
     * A fixed number of marks for the walks of one index, so at most that many walks run at once and the others wait
     * for one to finish (walks take microseconds to milliseconds, and more than a few at once only share the same
     * cores). Each costs 4 bytes per node (and a quarter more to grow) once used; the last given back is taken first,
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
