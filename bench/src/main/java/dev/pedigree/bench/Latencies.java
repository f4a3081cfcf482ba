package dev.pedigree.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Latencies in microseconds, with percentiles, from HdrHistogram. */
final class Latencies {

    private final Histogram histogram = new Histogram(60_000_000L, 3);

    synchronized void record(long micros) {
        histogram.recordValue(Math.max(1, Math.min(micros, histogram.getHighestTrackableValue())));
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    synchronized double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    synchronized String summary() {
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", percentileMillis(50), percentileMillis(99));
    }
}
