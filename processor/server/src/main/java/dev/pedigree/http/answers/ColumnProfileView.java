package dev.pedigree.http.answers;

import dev.pedigree.events.ColumnProfile;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * A column's profile as the API shows it: counts, the share of nulls, the numbers' range and moments, their
 * quantiles read from the sketch (p1 … p99), the frequent values, the content hash, and the sketch itself
 * (base64) for whoever wants to compute more.
 */
public record ColumnProfileView(String name, String type, long count, long nulls, double nullFraction,
        double distinct, Double min, Double max, Double mean, Double stddev, Map<String, Double> quantiles,
        List<Frequent> frequent, String contentHash, String quantilesSketch) {

    private static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    private static final String[] NAMES = {"p1", "p5", "p25", "p50", "p75", "p95", "p99"};

    public static ColumnProfileView of(ColumnProfile p) {
        Map<String, Double> quantiles = null;
        String sketch = null;
        if (p.getQuantiles() != null) {
            ByteBuffer buffer = p.getQuantiles().duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            sketch = Base64.getEncoder().encodeToString(bytes);
            KllFloatsSketch kll = KllFloatsSketch.heapify(Memory.wrap(bytes));
            if (!kll.isEmpty()) {
                quantiles = new LinkedHashMap<>();
                float[] values = kll.getQuantiles(RANKS);
                for (int i = 0; i < RANKS.length; i++) {
                    quantiles.put(NAMES[i], (double) values[i]);
                }
            }
        }
        long all = p.getCount() + p.getNulls();
        return new ColumnProfileView(p.getName(), p.getType().name(), p.getCount(), p.getNulls(),
                all == 0 ? 0.0 : (double) p.getNulls() / all, p.getDistinct(), p.getMin(), p.getMax(), p.getMean(),
                p.getStddev(), quantiles, p.getFrequent().stream().map(f -> new Frequent(f.getValue(), f.getCount()))
                        .toList(), p.getContentHash(), sketch);
    }

    /** A frequent value and how often it occurred (estimated). */
    public record Frequent(String value, long count) {
    }
}
