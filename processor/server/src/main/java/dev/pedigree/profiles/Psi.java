package dev.pedigree.profiles;

import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.FrequentValue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The population stability index between two distributions of one column:
 * {@code PSI = Σ (new − old) · ln(new / old)} over bins, each share floored at {@value #FLOOR} so that an empty
 * bin counts without dividing by zero. Numbers are binned at the deciles of the older version's quantiles sketch
 * (KLL); strings and booleans by their most frequent values, the rest in one "other" bin. Common reading: below
 * 0.1 stable, 0.1 to 0.25 a shift worth a look, above 0.25 a different distribution.
 */
public final class Psi {

    static final double FLOOR = 1e-4;
    private static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    private Psi() {
    }

    /** The PSI of {@code to} against {@code from}; null when the two have nothing comparable. */
    public static Double of(ColumnProfile from, ColumnProfile to) {
        if (from.getQuantiles() != null && to.getQuantiles() != null) {
            return numeric(sketch(from.getQuantiles()), sketch(to.getQuantiles()));
        }
        if (!from.getFrequent().isEmpty() || !to.getFrequent().isEmpty()) {
            return categorical(from, to);
        }
        return null;
    }

    /** Bins at the deciles of {@code from}, deduplicated (a column with few values has fewer bins). */
    static double numeric(KllFloatsSketch from, KllFloatsSketch to) {
        if (from.isEmpty() || to.isEmpty()) {
            return 0.0;
        }
        float[] splits = distinctSorted(from.getQuantiles(DECILES));
        return index(shares(from.getCDF(splits)), shares(to.getCDF(splits)));
    }

    private static float[] distinctSorted(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[n - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, n);
    }

    static double categorical(ColumnProfile from, ColumnProfile to) {
        TreeSet<String> values = new TreeSet<>();
        from.getFrequent().forEach(v -> values.add(v.getValue()));
        to.getFrequent().forEach(v -> values.add(v.getValue()));
        return index(shares(from, values), shares(to, values));
    }

    /** Shares of each bin from a cumulative distribution (the last entry is 1). */
    private static double[] shares(double[] cdf) {
        double[] shares = new double[cdf.length];
        double before = 0;
        for (int i = 0; i < cdf.length; i++) {
            shares[i] = cdf[i] - before;
            before = cdf[i];
        }
        return shares;
    }

    /** Shares of each of {@code values} among the column's non-null values, then of all the others. */
    private static double[] shares(ColumnProfile profile, TreeSet<String> values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (FrequentValue value : profile.getFrequent()) {
            counts.put(value.getValue(), value.getCount());
        }
        double total = Math.max(1, profile.getCount());
        double[] shares = new double[values.size() + 1];
        double listed = 0;
        int i = 0;
        for (String value : values) {
            shares[i] = counts.getOrDefault(value, 0L) / total;
            listed += shares[i++];
        }
        shares[i] = Math.max(0, 1 - listed);
        return shares;
    }

    static double index(double[] from, double[] to) {
        double psi = 0;
        for (int i = 0; i < from.length; i++) {
            double old = Math.max(from[i], FLOOR);
            double now = Math.max(to[i], FLOOR);
            psi += (now - old) * Math.log(now / old);
        }
        return psi;
    }

    /**
     * Checks that every quantiles sketch can be read.
     *
     * @throws IllegalArgumentException naming the first column whose quantiles are not a KLL sketch
     */
    public static void requireReadable(java.util.List<ColumnProfile> columns) {
        for (ColumnProfile column : columns) {
            if (column.getQuantiles() != null) {
                try {
                    sketch(column.getQuantiles());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("column " + column.getName() + ": its quantiles are not a "
                            + "serialized KllFloatsSketch (" + e.getMessage() + ")", e);
                }
            }
        }
    }

    static KllFloatsSketch sketch(ByteBuffer serialized) {
        ByteBuffer copy = serialized.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return KllFloatsSketch.heapify(Memory.wrap(bytes));
    }
}
