package dev.pedigree.bench;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a warm-up round until the JIT compiler is nearly idle through one, so that a figure measured next is of
 * compiled code on both of its sides. On 2 cores a path that has not run long enough shares them with the compiler
 * threads: a profile of one HTTP client's first batches after a short warm-up found 39% of the CPU compiling.
 */
final class JitWarmUp {

    private static final Logger log = LoggerFactory.getLogger(JitWarmUp.class);
    /** A round is quiet when the compiler spent less than this share of its wall-clock time. */
    static final double QUIET_SHARE = 0.10;
    static final int MAX_ROUNDS = 5;

    /** One round of warm-up; {@code round} counts from 0 (each round sends events of its own). */
    @FunctionalInterface
    interface Round {
        void run(int round) throws Exception;
    }

    private JitWarmUp() {
    }

    /** Milliseconds the JIT compiler threads have spent compiling since the JVM started. */
    static long compilingMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** Runs rounds until one is quiet, or {@value #MAX_ROUNDS} of them; returns how many ran. */
    static int untilQuiet(String what, Round round) throws Exception {
        for (int r = 0; r < MAX_ROUNDS; r++) {
            long compilingBefore = compilingMillis();
            long started = System.nanoTime();
            round.run(r);
            double wallMs = (System.nanoTime() - started) / 1e6;
            long compilingMs = compilingMillis() - compilingBefore;
            log.info("{} warm-up round {}: {} ms, the JIT compiling {} ms of it", what, r + 1, Math.round(wallMs),
                    compilingMs);
            if (compilingMs < QUIET_SHARE * wallMs) {
                return r + 1;
            }
        }
        log.warn("{}: the JIT still compiling after {} warm-up rounds; measuring anyway", what, MAX_ROUNDS);
        return MAX_ROUNDS;
    }
}
