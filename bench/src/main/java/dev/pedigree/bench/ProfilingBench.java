package dev.pedigree.bench;

import dev.pedigree.connectors.hashing.DatasetFingerprint;
import dev.pedigree.connectors.hashing.DatasetHasher;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiling throughput: a feature table written as CSV (and the same rows as Parquet by DuckDB), profiled by
 * {@code DatasetHasher} (SHA-256 of the bytes, and for CSV the canonical hash, in the same pass) beside the
 * plainest full read of the same file by the same library: commons-csv parsing every record and touching every
 * value; DuckDB reading every value through JDBC. SHA-256 over the bytes is the physical limit.
 */
final class ProfilingBench {

    private static final Logger log = LoggerFactory.getLogger(ProfilingBench.class);

    private ProfilingBench() {
    }

    static void run(Results results, Path work, long megabytes, long seed) throws Exception {
        Path csv = work.resolve("features.csv");
        Path parquet = work.resolve("features.parquet");
        long rows = writeCsv(csv, megabytes << 20, seed);
        double mb = Files.size(csv) / 1048576.0;
        log.info("Wrote {} ({} rows, {} MB); converting to Parquet", csv, rows, String.format(Locale.ROOT, "%.0f", mb));
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            sql.execute("COPY (SELECT * FROM read_csv('" + csv + "', header = true)) TO '" + parquet
                    + "' (FORMAT parquet)");
        }
        String size = String.format(Locale.ROOT, "%,d rows, 10 columns: CSV %.0f MB, Parquet %.0f MB", rows, mb,
                Files.size(parquet) / 1048576.0);

        double sha = seconds(() -> DatasetHasher.hashBytes(csv));
        double csvRead = seconds(() -> readCsv(csv));
        double[] profiled = new double[1];
        DatasetFingerprint[] fingerprint = new DatasetFingerprint[1];
        profiled[0] = seconds(() -> fingerprint[0] = DatasetHasher.hash(csv));
        double parquetRead = seconds(() -> readParquet(parquet));
        double parquetProfiled = seconds(() -> DatasetHasher.hash(parquet));

        results.add("profiling", "SHA-256 of the CSV's bytes (the physical limit)", rate(mb, sha), "-", "-", size,
                Results.Numbers.of(mb / sha, "MB/s"));
        results.add("profiling", "CSV: hashes and column profiles in one pass", rate(mb, profiled[0]),
                "commons-csv full read " + rate(mb, csvRead), Results.ratio(csvRead, profiled[0]),
                fingerprint[0].columns().size() + " columns profiled",
                Results.Numbers.of(mb / profiled[0], mb / csvRead, "MB/s"));
        results.add("profiling", "Parquet: bytes hashed, then column profiles read with DuckDB",
                rows(rows, parquetProfiled), "DuckDB full read " + rows(rows, parquetRead),
                Results.ratio(parquetRead, parquetProfiled), "rows/s of the same table",
                Results.Numbers.of(rows / parquetProfiled, rows / parquetRead, "rows/s"));
    }

    /** Rows of user_id, 6 numbers, a segment, a country, a flag, until {@code bytes} are written. */
    private static long writeCsv(Path file, long bytes, long seed) throws IOException {
        Random random = new Random(seed);
        String[] segments = {"new", "loyal", "churned", "trial"};
        String[] countries = {"fr", "de", "us", "jp", "br", "in", "gb", "es"};
        long rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("user_id,ctr_7d,ctr_30d,views_7d,clicks_7d,spend,age,segment,country,active\n");
            long written = 0;
            StringBuilder line = new StringBuilder(128);
            while (written < bytes) {
                int views = 20 + random.nextInt(400);
                int clicks = (int) (views * 0.05 * random.nextDouble());
                line.setLength(0);
                line.append('u').append(rows).append(',')
                        .append(String.format(Locale.ROOT, "%.5f,%.5f,", (double) clicks / views,
                                random.nextDouble() * 0.06)).append(views).append(',').append(clicks).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", random.nextGaussian() * 30 + 80)).append(',')
                        .append(18 + random.nextInt(60)).append(',').append(segments[random.nextInt(4)]).append(',')
                        .append(countries[random.nextInt(8)]).append(',').append(random.nextBoolean()).append('\n');
                out.append(line);
                written += line.length();
                rows++;
            }
        }
        return rows;
    }

    private static void readCsv(Path file) throws IOException {
        long chars = 0;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, CSVFormat.RFC4180)) {
            for (CSVRecord record : parser) {
                for (String value : record) {
                    chars += value.length();
                }
            }
        }
        log.info("Plain CSV read: {} characters", chars);
    }

    private static void readParquet(Path file) throws Exception {
        long values = 0;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            sql.execute("SET threads TO 1");
            try (ResultSet rows = sql.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        if (rows.getObject(i) != null) {
                            values++;
                        }
                    }
                }
            }
        }
        log.info("Plain Parquet read: {} values", values);
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static String rate(double megabytes, double seconds) {
        return String.format(Locale.ROOT, "%.1f MB/s (%.1f s)", megabytes / seconds, seconds);
    }

    private static String rows(long rows, double seconds) {
        return String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", rows / seconds, seconds);
    }
}
