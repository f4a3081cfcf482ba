package dev.pedigree.connectors.profiling;

import dev.pedigree.connectors.hashing.MultisetHash;
import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.ColumnType;
import dev.pedigree.events.FrequentValue;
import dev.pedigree.schema.ContentHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * One column's statistics, kept in constant memory whatever the number of rows: counts, the types seen, numeric
 * moments (Welford), a KLL quantiles sketch of the numbers, an HLL sketch of the distinct values, a
 * frequent-items sketch of the other values, and the order-independent hash of every value.
 */
final class ColumnStats {

    /** KLL's accuracy parameter: 2.6% normalized rank error, about 2.7 KB once serialized. */
    static final int QUANTILES_K = 100;
    private static final int HLL_LG_K = 12;
    private static final int FREQUENT_MAP_SIZE = 64;
    private static final int FREQUENT_SHOWN = 10;
    private static final byte[] NULL = {0};

    private final String name;
    private final EnumSet<ColumnType> seen = EnumSet.noneOf(ColumnType.class);
    private final MultisetHash values = new MultisetHash();
    private final KllDoublesSketch quantiles = KllDoublesSketch.newHeapInstance(QUANTILES_K);
    private final HllSketch distinct = new HllSketch(HLL_LG_K);
    private final ItemsSketch<String> frequent = new ItemsSketch<>(FREQUENT_MAP_SIZE);
    private long count;
    private long nulls;
    private long numbers;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;

    ColumnStats(String name) {
        this.name = name;
    }

    void addNull() {
        nulls++;
        values.add(NULL);
    }

    /** A value of {@code type} written as {@code text}; {@code number} is its value for numbers and times. */
    void add(ColumnType type, String text, double number) {
        count++;
        seen.add(type);
        values.add(text.getBytes(StandardCharsets.UTF_8));
        distinct.update(text);
        if (type == ColumnType.INTEGER || type == ColumnType.DOUBLE || type == ColumnType.TIMESTAMP) {
            if (!Double.isNaN(number)) {
                addNumber(number);
            }
        } else {
            frequent.update(text);
        }
    }

    private void addNumber(double value) {
        numbers++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        double delta = value - mean;
        mean += delta / numbers;
        m2 += delta * (value - mean);
        quantiles.update(value);
    }

    ColumnProfile profile() {
        ColumnType type = type();
        boolean numeric = numbers > 0;
        List<FrequentValue> top = new ArrayList<>();
        if (type == ColumnType.STRING || type == ColumnType.BOOLEAN || type == ColumnType.MIXED) {
            Arrays.stream(frequent.getFrequentItems(ErrorType.NO_FALSE_POSITIVES))
                    .sorted(Comparator.comparingLong((ItemsSketch.Row<String> row) -> -row.getEstimate())
                            .thenComparing(ItemsSketch.Row::getItem))
                    .limit(FREQUENT_SHOWN)
                    .forEach(row -> top.add(new FrequentValue(row.getItem(), row.getEstimate())));
        }
        return ColumnProfile.newBuilder()
                .setName(name)
                .setType(type)
                .setCount(count)
                .setNulls(nulls)
                .setDistinct(count == 0 ? 0.0 : Math.round(distinct.getEstimate()))
                .setMin(numeric ? min : null)
                .setMax(numeric ? max : null)
                .setMean(numeric ? mean : null)
                .setStddev(numeric ? Math.sqrt(numbers > 1 ? m2 / (numbers - 1) : 0.0) : null)
                .setQuantiles(numeric ? ByteBuffer.wrap(quantiles.toByteArray()) : null)
                .setFrequent(top)
                .setContentHash(contentHash())
                .build();
    }

    /** The one type every value has; INTEGER and DOUBLE together are DOUBLE; no value at all is STRING. */
    private ColumnType type() {
        if (seen.isEmpty()) {
            return ColumnType.STRING;
        }
        if (seen.size() == 1) {
            return seen.iterator().next();
        }
        if (seen.equals(EnumSet.of(ColumnType.INTEGER, ColumnType.DOUBLE))) {
            return ColumnType.DOUBLE;
        }
        return ColumnType.MIXED;
    }

    /** SHA-256 of the column's name, its counts and the multiset hash of its values (nulls included). */
    private String contentHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(ByteBuffer.allocate(16).putLong(count).putLong(nulls).array());
            digest.update(values.sum());
            return ContentHash.of(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
