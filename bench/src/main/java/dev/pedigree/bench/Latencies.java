package dev.pedigree.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Latencies in microseconds, with percentiles, from HdrHistogram. */
final class Latencies {

    private final Histogram histogram;

    Latencies() {
        this(new Histogram(60_000_000L, 3));
    }

    private Latencies(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Latencies recorded elsewhere (another JVM's histogram). */
    static Latencies of(Histogram histogram) {
        return new Latencies(histogram);
    }

    synchronized Histogram histogram() {
        return histogram.copy();
    }

    synchronized void record(long micros) {
        histogram.recordValue(Math.max(1, Math.min(micros, histogram.getHighestTrackableValue())));
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    synchronized double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** p50 and p99 in milliseconds, with a third decimal below 1 ms. */
    synchronized String summary() {
        return "p50 " + millis(percentileMillis(50)) + ", p99 " + millis(percentileMillis(99));
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, value < 1 ? "%.3f ms" : "%.2f ms", value);
    }
}
