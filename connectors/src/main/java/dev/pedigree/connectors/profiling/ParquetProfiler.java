package dev.pedigree.connectors.profiling;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Column profiles of Parquet files, read with DuckDB's JDBC driver (an in-process database that streams Parquet
 * row groups without Hadoop): every row of {@code read_parquet(...)} is fed to a {@link ColumnProfiler} as typed
 * values. DuckDB is an optional dependency of the connectors (80 MB of native libraries): where it is not on the
 * class path, {@link #available()} is false and the caller hashes the bytes only.
 */
public final class ParquetProfiler {

    private static final String DRIVER = "org.duckdb.DuckDBDriver";

    private ParquetProfiler() {
    }

    /** Whether DuckDB's JDBC driver is on the class path. */
    public static boolean available() {
        try {
            Class.forName(DRIVER);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Profiles the Parquet files {@code files} (one or more, read as one table; columns matched by name).
     *
     * @throws IOException naming the file when it is not Parquet, is truncated, or has more columns than profiled
     */
    public static ColumnProfiler profile(List<Path> files) throws IOException {
        String list = String.join(", ", files.stream().map(f -> "'" + f.toAbsolutePath().toString()
                .replace("'", "''") + "'").toList());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET threads TO 1");
            try (ResultSet rows = statement.executeQuery("SELECT * FROM read_parquet([" + list
                    + "], union_by_name = true)")) {
                ResultSetMetaData meta = rows.getMetaData();
                int columns = meta.getColumnCount();
                if (!ColumnProfiler.fits(columns)) {
                    throw new IOException(columns + " columns, more than the " + ColumnProfiler.MAX_COLUMNS
                            + " profiled");
                }
                List<String> names = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    names.add(meta.getColumnName(i));
                }
                // This thread reads, two more profile (as for CSV): profiling a row costs more than reading it.
                try (BackgroundProfiler profiler = new BackgroundProfiler(names)) {
                    while (rows.next()) {
                        Object[] values = new Object[columns];
                        for (int i = 0; i < columns; i++) {
                            values[i] = rows.getObject(i + 1);
                        }
                        profiler.addRow(values);
                    }
                    return profiler.finish();
                }
            }
        } catch (SQLException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new IOException("cannot read " + (files.size() == 1 ? files.get(0) : files.size() + " files")
                    + " as Parquet: " + reason, e);
        }
    }
}
