package dev.pedigree.bench;

import java.util.concurrent.Callable;

/**
 * Times a task as the traversal benchmark does (untimed runs for the warm-up, then each timed run recorded):
 * handed to the benchmarks in classes of their own, which time their walks the same way.
 */
@FunctionalInterface
interface Repeat {

    Latencies of(Callable<?> task) throws Exception;
}
