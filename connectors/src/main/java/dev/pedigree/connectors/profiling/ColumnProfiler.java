package dev.pedigree.connectors.profiling;

import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.ColumnType;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Column profiles of a table, one row at a time in constant memory per column, for
 * {@code DatasetVersion.columns}: rows of text cells from a CSV file ({@link #addTextRow}), rows of typed values
 * from Parquet or from what a pipeline holds in memory ({@link #addRow}).
 *
 * <pre>{@code
 * ColumnProfiler profiler = new ColumnProfiler(List.of("user_id", "ctr_7d"));
 * for (Row row : features) {
 *     profiler.addRow(row.userId(), row.ctr7d());
 * }
 * DatasetVersion.newBuilder()...setColumns(profiler.profiles()).build();
 * }</pre>
 *
 * A row with fewer values than columns has nulls in the rest; one with more is cut; both are counted in
 * {@link #raggedRows()}. At most {@link #MAX_COLUMNS} columns are profiled, so that an event stays under Kafka's
 * default message size; check {@link #fits} first.
 */
public final class ColumnProfiler {

    /** The most columns profiled: with a 2.7 KB quantiles sketch each, an event stays well under 1 MB. */
    public static final int MAX_COLUMNS = 300;

    private final List<ColumnStats> columns = new ArrayList<>();
    private long rows;
    private long raggedRows;

    /** @throws IllegalArgumentException with more than {@link #MAX_COLUMNS} columns */
    public ColumnProfiler(List<String> names) {
        if (!fits(names.size())) {
            throw new IllegalArgumentException(names.size() + " columns: at most " + MAX_COLUMNS + " are profiled");
        }
        names.forEach(name -> columns.add(new ColumnStats(name)));
    }

    /** Whether a table of {@code columns} columns can be profiled. */
    public static boolean fits(int columns) {
        return columns <= MAX_COLUMNS;
    }

    /** A row of text cells (CSV): an empty cell is null; the type of each other cell is inferred. */
    public void addTextRow(List<String> cells) {
        rows++;
        if (cells.size() != columns.size()) {
            raggedRows++;
        }
        for (int i = 0; i < columns.size(); i++) {
            String cell = i < cells.size() ? cells.get(i) : null;
            ColumnStats column = columns.get(i);
            if (cell == null || cell.isEmpty()) {
                column.addNull();
                continue;
            }
            ColumnType type = TextCell.typeOf(cell);
            double number = TextCell.number(type, cell);
            if (Double.isNaN(number)) {
                column.addText(type == ColumnType.BOOLEAN ? type : ColumnType.STRING, cell);
            } else {
                column.addNumber(type, number);
            }
        }
    }

    /**
     * A row of typed values: numbers, booleans, times ({@link Instant}, {@link LocalDate}, {@link LocalDateTime},
     * {@link OffsetDateTime}, {@code java.util.Date}), strings, or null.
     */
    public void addRow(Object... values) {
        addRow(Arrays.asList(values));
    }

    /** The same, as a list. */
    public void addRow(List<?> values) {
        rows++;
        if (values.size() != columns.size()) {
            raggedRows++;
        }
        for (int i = 0; i < columns.size(); i++) {
            add(columns.get(i), i < values.size() ? values.get(i) : null);
        }
    }

    private static void add(ColumnStats column, Object value) {
        if (value == null) {
            column.addNull();
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            column.addNumber(ColumnType.INTEGER, ((Number) value).doubleValue());
        } else if (value instanceof Number number) {
            column.addNumber(ColumnType.DOUBLE, number.doubleValue());
        } else if (value instanceof Boolean) {
            column.addText(ColumnType.BOOLEAN, value.toString());
        } else {
            Instant instant = asInstant(value);
            if (instant != null) {
                column.addNumber(ColumnType.TIMESTAMP, instant.toEpochMilli());
            } else {
                column.addText(ColumnType.STRING, value.toString());
            }
        }
    }

    private static Instant asInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        } else if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        } else if (value instanceof LocalDateTime time) {
            return time.toInstant(ZoneOffset.UTC);
        } else if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        } else if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        return null;
    }

    /** Rows seen. */
    public long rows() {
        return rows;
    }

    /** Rows whose number of values differed from the number of columns. */
    public long raggedRows() {
        return raggedRows;
    }

    /** One profile per column, in column order. */
    public List<ColumnProfile> profiles() {
        return columns.stream().map(ColumnStats::profile).toList();
    }
}
