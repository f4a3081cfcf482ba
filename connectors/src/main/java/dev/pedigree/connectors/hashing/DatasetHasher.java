package dev.pedigree.connectors.hashing;

import dev.pedigree.schema.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
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
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            // One pass: the byte digest sees what the CSV parser reads.
            MessageDigest digest = CsvCanonicalHash.sha256();
            try (DigestInputStream in = new DigestInputStream(Files.newInputStream(path), digest);
                 InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                DatasetFingerprint csv = CsvCanonicalHash.of(reader, null, bytes);
                byte[] rest = new byte[BUFFER];
                while (in.read(rest) >= 0) {
                    // anything the parser left unread still counts
                }
                return new DatasetFingerprint(ContentHash.of(digest.digest()), csv.canonicalHash(),
                        csv.schemaFingerprint(), csv.rowCount(), bytes);
            }
        }
        return new DatasetFingerprint(hashBytes(path), null, null, null, bytes);
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
        return new DatasetFingerprint(ContentHash.of(digest.digest()), null, null, null, bytes);
    }
}
