package dev.pedigree.connectors.profiling;

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
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllFloatsSketch;

/**
 * One column's statistics, kept in constant memory whatever the number of rows: counts, the types seen, numeric
 * moments (Welford), a KLL quantiles sketch (floats) of the numbers, an HLL sketch of the distinct values, a
 * frequent-items sketch of the other values, and an order-independent hash of every value.
 *
 * <p>The column's content hash is SHA-256 of its name, its counts and the sum, modulo 2<sup>128</sup>, of each
 * value's 128-bit MurmurHash3 (nulls included): independent of row order, changed by any value of this column and
 * by no other column. It detects changes; it is not a cryptographic commitment to the values (the dataset's
 * {@code contentHash}, SHA-256 of the bytes, is). A SHA-256 per value made profiling 6× slower than reading the
 * file (docs/MEASUREMENTS.md).
 */
final class ColumnStats {

    /**
     * KLL's accuracy parameter: 2.6% normalized rank error. Floats, not doubles: about 1 KB once serialized
     * instead of 2 (a profiled event is mostly its sketches); their 24-bit precision is finer than the rank error
     * for binning and for the percentiles shown.
     */
    static final int QUANTILES_K = 100;
    /** Numbers are handed to the quantiles sketch this many at a time: its bulk update is about twice as fast. */
    private static final int QUANTILES_BATCH = 1_024;
    private static final int HLL_LG_K = 12;
    private static final int FREQUENT_MAP_SIZE = 64;
    private static final int FREQUENT_SHOWN = 10;
    private static final long SEED = 9001;

    private final String name;
    private final EnumSet<ColumnType> seen = EnumSet.noneOf(ColumnType.class);
    private long valuesLow;
    private long valuesHigh;
    private final KllFloatsSketch quantiles = KllFloatsSketch.newHeapInstance(QUANTILES_K);
    private final float[] quantilesPending = new float[QUANTILES_BATCH];
    private int quantilesPendingCount;
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
        addToValues(MurmurHash3.hash(0L, SEED));
    }

    /** The 128-bit sum of the value hashes, with the carry from the low word. */
    private void addToValues(long[] hash) {
        long low = valuesLow + hash[0];
        valuesHigh += hash[1] + (Long.compareUnsigned(low, valuesLow) < 0 ? 1 : 0);
        valuesLow = low;
    }

    /** A number or a time (epoch millis), hashed and counted by its value (and type), not by how it was written. */
    void addNumber(ColumnType type, double value) {
        count++;
        seen.add(type);
        long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value); // -0.0 is 0
        addToValues(MurmurHash3.hash(new long[] {bits, type.ordinal()}, SEED));
        distinct.update(bits);
        numbers++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        double delta = value - mean;
        mean += delta / numbers;
        m2 += delta * (value - mean);
        quantilesPending[quantilesPendingCount++] = (float) value;
        if (quantilesPendingCount == QUANTILES_BATCH) {
            flushQuantiles();
        }
    }

    private void flushQuantiles() {
        quantiles.update(quantilesPending, 0, quantilesPendingCount);
        quantilesPendingCount = 0;
    }

    /** Any other value (a string, a boolean), hashed and counted by its text. */
    void addText(ColumnType type, String text) {
        count++;
        seen.add(type);
        char[] chars = text.toCharArray();
        addToValues(MurmurHash3.hash(chars, SEED));
        distinct.update(chars);
        frequent.update(text);
    }

    ColumnProfile profile() {
        flushQuantiles();
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
            digest.update(ByteBuffer.allocate(32).putLong(count).putLong(nulls).putLong(valuesHigh).putLong(valuesLow)
                    .array());
            return ContentHash.of(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
