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

    /** The most columns profiled: with a quantiles sketch of about 1 KB each, an event stays well under 1 MB. */
    public static final int MAX_COLUMNS = 300;

    private final List<ColumnStats> columns = new ArrayList<>();
    /** The position of this profiler's first column in a row: not 0 when it profiles a slice of the columns. */
    private final int first;
    /** The columns of a whole row, this profiler's or not. */
    private final int width;
    private long rows;
    private long raggedRows;

    /** @throws IllegalArgumentException with more than {@link #MAX_COLUMNS} columns */
    public ColumnProfiler(List<String> names) {
        this(names, 0, names.size());
    }

    /** Profiles the columns {@code from} (inclusive) to {@code to} (exclusive) of rows of all {@code names}. */
    ColumnProfiler(List<String> names, int from, int to) {
        if (!fits(names.size())) {
            throw new IllegalArgumentException(names.size() + " columns: at most " + MAX_COLUMNS + " are profiled");
        }
        this.first = from;
        this.width = names.size();
        names.subList(from, to).forEach(name -> columns.add(new ColumnStats(name)));
    }

    /** One profiler of the columns of {@code slices} in their order, which profiled the same rows. */
    static ColumnProfiler joined(List<String> names, List<ColumnProfiler> slices) {
        ColumnProfiler joined = new ColumnProfiler(names, 0, 0);
        slices.forEach(slice -> joined.columns.addAll(slice.columns));
        joined.rows = slices.get(0).rows;
        joined.raggedRows = slices.get(0).raggedRows;
        return joined;
    }

    /** Whether a table of {@code columns} columns can be profiled. */
    public static boolean fits(int columns) {
        return columns <= MAX_COLUMNS;
    }

    /** A row of text cells (CSV): an empty cell is null; the type of each other cell is inferred. */
    public void addTextRow(List<String> cells) {
        addTextRow(cells.toArray(String[]::new));
    }

    /** The same, as an array. */
    public void addTextRow(String[] cells) {
        rows++;
        if (cells.length != width) {
            raggedRows++;
        }
        for (int i = 0; i < columns.size(); i++) {
            String cell = first + i < cells.length ? cells[first + i] : null;
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
        if (values.size() != width) {
            raggedRows++;
        }
        for (int i = 0; i < columns.size(); i++) {
            add(columns.get(i), first + i < values.size() ? values.get(first + i) : null);
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
