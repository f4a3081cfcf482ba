package dev.pedigree.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A numeric CSV table as the demo's pipeline steps read and write it: a header, then one value per column and
 * row, an empty cell meaning missing ({@code NaN}). Values are written in their shortest exact decimal form, so
 * the same table always gives the same bytes and the same SHA-256.
 */
public final class Table {

    private final List<String> columns;
    private final List<double[]> rows;

    public Table(List<String> columns, List<double[]> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    public static Table read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty");
            }
            List<String> columns = List.of(header.split(",", -1));
            List<double[]> rows = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (cells.length != columns.size()) {
                    throw new IllegalArgumentException(file + " line " + (rows.size() + 2) + " has " + cells.length
                            + " cells, not " + columns.size());
                }
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    row[i] = cells[i].isEmpty() ? Double.NaN : Double.parseDouble(cells[i]);
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public Path write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writer.write(String.join(",", columns));
                writer.write('\n');
                for (double[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) {
                            writer.write(',');
                        }
                        writer.write(format(row[i]));
                    }
                    writer.write('\n');
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public List<String> columns() {
        return columns;
    }

    public List<double[]> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public int column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return index;
    }

    public double[] values(String column) {
        int index = column(column);
        return rows.stream().mapToDouble(row -> row[index]).toArray();
    }

    /** The rows that match, in order. */
    public Table filter(String column, Predicate<Double> keep) {
        int index = column(column);
        return new Table(columns, rows.stream().filter(row -> keep.test(row[index])).toList());
    }

    /** The same rows without the named columns. */
    public Table drop(List<String> dropped) {
        int[] kept = java.util.stream.IntStream.range(0, columns.size())
                .filter(i -> !dropped.contains(columns.get(i))).toArray();
        List<String> names = Arrays.stream(kept).mapToObj(columns::get).toList();
        List<double[]> projected = rows.stream().map(row -> Arrays.stream(kept).mapToDouble(i -> row[i]).toArray())
                .toList();
        return new Table(names, projected);
    }

    /** A copy whose rows can be changed without touching this table. */
    public Table copy() {
        return new Table(columns, new ArrayList<>(rows.stream().map(double[]::clone).toList()));
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
