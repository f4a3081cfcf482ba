package dev.pedigree.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A count sampled over time (records copied, predictions counted), charted as the rate over the last
 * {@link #WINDOW_NANOS}: Pedigree's count moves in steps (usage is sent on every 100 ms and committed after), so
 * the rate between two close samples swings between zero and several times the mean.
 */
final class Timeline {

    /** Samples closer together than this are skipped. */
    static final long MIN_GAP_NANOS = 100_000_000L;
    /** The rate at a sample is over this much time before it. */
    static final long WINDOW_NANOS = 2_000_000_000L;

    private final String name;
    private final long startNanos;
    private final List<long[]> samples = new ArrayList<>();

    /** A timeline starting now at count 0. */
    Timeline(String name) {
        this(name, System.nanoTime());
    }

    Timeline(String name, long startNanos) {
        this.name = name;
        this.startNanos = startNanos;
        samples.add(new long[] {startNanos, 0});
    }

    String name() {
        return name;
    }

    /** The count seen at {@code nanos} (System.nanoTime()); skipped if within MIN_GAP_NANOS of the last kept. */
    synchronized void sample(long nanos, long count) {
        if (nanos - samples.get(samples.size() - 1)[0] >= MIN_GAP_NANOS) {
            samples.add(new long[] {nanos, count});
        }
    }

    /** Seconds since the start of each sample at least one window in. */
    synchronized double[] seconds() {
        return windowed().seconds();
    }

    /** Records per second over the window before each of those samples. */
    synchronized double[] rates() {
        return windowed().perSecond();
    }

    synchronized boolean isEmpty() {
        return windowed().seconds().length == 0;
    }

    /** The samples at least one window in: when, and the rate over the window before. */
    private record Windowed(double[] seconds, double[] perSecond) {
    }

    private Windowed windowed() {
        List<double[]> points = new ArrayList<>();
        int from = 0;
        for (long[] sample : samples) {
            // The window starts at the last sample at least WINDOW_NANOS before this one.
            while (from + 1 < samples.size() && sample[0] - samples.get(from + 1)[0] >= WINDOW_NANOS) {
                from++;
            }
            long[] start = samples.get(from);
            double elapsed = (sample[0] - start[0]) / 1e9;
            if (elapsed >= WINDOW_NANOS / 1e9) {
                points.add(new double[] {(sample[0] - startNanos) / 1e9, (sample[1] - start[1]) / elapsed});
            }
        }
        return new Windowed(points.stream().mapToDouble(point -> point[0]).toArray(),
                points.stream().mapToDouble(point -> point[1]).toArray());
    }
}
