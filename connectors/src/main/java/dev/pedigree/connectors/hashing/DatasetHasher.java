package dev.pedigree.connectors.hashing;

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
            return hashCsv(path, bytes);
        }
        return DatasetFingerprint.ofBytes(hashBytes(path), bytes, List.of());
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
        return DatasetFingerprint.ofBytes(ContentHash.of(digest.digest()), bytes, List.of());
    }
}
