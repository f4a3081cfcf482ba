package dev.pedigree.connectors.hashing;

import dev.pedigree.connectors.profiling.ColumnProfiler;
import dev.pedigree.connectors.profiling.ParquetProfiler;
import dev.pedigree.schema.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Hashes what a pipeline wrote: a file's bytes with SHA-256, streamed (any size); for a CSV file also its
 * canonical hash, schema fingerprint and row count ({@link CsvCanonicalHash}); for a directory, a hash over its
 * files' relative paths and content hashes, in path order.
 */
public final class DatasetHasher {

    private static final int BUFFER = 1 << 16;

    private DatasetHasher() {
    }

    public static DatasetFingerprint hash(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return hashDirectory(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("no file or directory at " + path);
        }
        long bytes = Files.size(path);
        if (isCsv(path)) {
            return hashCsv(path, bytes);
        }
        if (isParquet(path)) {
            return withProfiles(DatasetFingerprint.ofBytes(hashBytes(path), bytes, List.of()), List.of(path));
        }
        return DatasetFingerprint.ofBytes(hashBytes(path), bytes, List.of());
    }

    private static boolean isCsv(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private static boolean isParquet(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /**
     * The fingerprint with the column profiles of {@code files} read as one table: Parquet files with DuckDB
     * (when it is on the class path), CSV files that share one header; otherwise a warning says why not.
     */
    private static DatasetFingerprint withProfiles(DatasetFingerprint fingerprint, List<Path> files) {
        List<String> warnings = new ArrayList<>(fingerprint.warnings());
        ColumnProfiler profiler = null;
        try {
            if (files.stream().allMatch(DatasetHasher::isParquet)) {
                if (ParquetProfiler.available()) {
                    profiler = ParquetProfiler.profile(files);
                } else {
                    warnings.add("Parquet column profiles need DuckDB's JDBC driver (org.duckdb:duckdb_jdbc) on the "
                            + "class path: published without them");
                }
            } else if (files.stream().allMatch(DatasetHasher::isCsv)) {
                profiler = CsvRows.profile(files);
            } else {
                warnings.add("a folder of CSV and Parquet files together: published without column profiles");
            }
        } catch (IOException e) {
            warnings.add(e.getMessage() + ": published without column profiles");
        }
        if (profiler == null) {
            return new DatasetFingerprint(fingerprint.contentHash(), fingerprint.canonicalHash(),
                    fingerprint.schemaFingerprint(), fingerprint.rowCount(), fingerprint.bytes(), List.of(),
                    List.copyOf(warnings));
        }
        if (profiler.raggedRows() > 0) {
            warnings.add(profiler.raggedRows() + " of " + profiler.rows() + " rows have a different number of fields "
                    + "than the header: missing fields counted as nulls, extra ones left out");
        }
        return new DatasetFingerprint(fingerprint.contentHash(), fingerprint.canonicalHash(),
                fingerprint.schemaFingerprint(), profiler.rows(), fingerprint.bytes(), profiler.profiles(),
                List.copyOf(warnings));
    }

    /**
     * One pass: the byte digest sees what the CSV parser reads, and the parser feeds the column profiles. Text that
     * is not UTF-8 is hashed as bytes only, with a warning, rather than profiled with replaced characters.
     */
    private static DatasetFingerprint hashCsv(Path path, long bytes) throws IOException {
        MessageDigest digest = CsvCanonicalHash.sha256();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(path), digest);
             InputStreamReader reader = new InputStreamReader(in, utf8)) {
            DatasetFingerprint csv = CsvCanonicalHash.of(reader, null, bytes);
            byte[] rest = new byte[BUFFER];
            while (in.read(rest) >= 0) {
                // anything the parser left unread still counts
            }
            return csv.withContentHash(ContentHash.of(digest.digest()));
        } catch (CharacterCodingException | UncheckedIOException e) {
            if (!(e instanceof CharacterCodingException) && !(e.getCause() instanceof CharacterCodingException)) {
                throw e;
            }
            return DatasetFingerprint.ofBytes(hashBytes(path), bytes, List.of(path.getFileName()
                    + " is not UTF-8 text: hashed as bytes, without canonical hash or column profiles"));
        }
    }

    /** SHA-256 of a file's bytes, read in 64 KiB blocks. */
    public static String hashBytes(Path file) throws IOException {
        MessageDigest digest = CsvCanonicalHash.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            byte[] buffer = new byte[BUFFER];
            while (in.read(buffer) >= 0) {
                // the digest sees every byte
            }
        }
        return ContentHash.of(digest.digest());
    }

    private static DatasetFingerprint hashDirectory(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest digest = CsvCanonicalHash.sha256();
        long bytes = 0;
        for (Path file : files) {
            String relative = directory.relativize(file).toString().replace('\\', '/');
            digest.update((relative + "\u0000" + hashBytes(file) + "\n").getBytes(StandardCharsets.UTF_8));
            bytes += Files.size(file);
        }
        DatasetFingerprint fingerprint = DatasetFingerprint.ofBytes(ContentHash.of(digest.digest()), bytes, List.of());
        List<Path> data = files.stream().filter(f -> isCsv(f) || isParquet(f)).toList();
        return data.isEmpty() ? fingerprint : withProfiles(fingerprint, data);
    }
}
