package dev.pedigree.connectors.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.schema.ContentHash;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetHasherTest {

    @TempDir
    Path folder;

    private Path write(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void contentHashIsTheSha256OfTheBytes() throws Exception {
        Path file = write("data.bin", "hello");
        assertThat(DatasetHasher.hash(file).contentHash()).isEqualTo(ContentHash.ofUtf8("hello"));
        assertThat(DatasetHasher.hash(file).canonicalHash()).isNull();
    }

    @Test
    void reorderedRowsAndOtherLineEndingsKeepTheCanonicalHash() throws Exception {
        DatasetFingerprint a = DatasetHasher.hash(write("a.csv", "id,age,name\n1,30,ann\n2,41,\"bo, b\"\n3,,cy\n"));
        DatasetFingerprint b = DatasetHasher.hash(write("b.csv", "id,age,name\r\n3,,cy\r\n1,30,ann\r\n2,41,\"bo, b\"\r\n"));
        assertThat(a.contentHash()).isNotEqualTo(b.contentHash());
        assertThat(a.canonicalHash()).isEqualTo(b.canonicalHash());
        assertThat(a.rowCount()).isEqualTo(3L);
        assertThat(a.schemaFingerprint()).isEqualTo(ContentHash.ofUtf8("id:long,age:long,name:string"))
                .isEqualTo(b.schemaFingerprint());
    }

    @Test
    void anyChangedCellOrDuplicatedRowChangesTheCanonicalHash() throws Exception {
        String base = DatasetHasher.hash(write("a.csv", "id,age\n1,30\n2,41\n")).canonicalHash();
        assertThat(DatasetHasher.hash(write("b.csv", "id,age\n1,30\n2,42\n")).canonicalHash()).isNotEqualTo(base);
        assertThat(DatasetHasher.hash(write("c.csv", "id,age\n1,30\n2,41\n2,41\n")).canonicalHash()).isNotEqualTo(base);
        assertThat(DatasetHasher.hash(write("d.csv", "id,years\n1,30\n2,41\n")).canonicalHash()).isNotEqualTo(base);
        // A cell boundary moved: "1,30" vs "13,0" must differ.
        assertThat(DatasetHasher.hash(write("e.csv", "id,age\n13,0\n2,41\n")).canonicalHash()).isNotEqualTo(base);
    }

    @Test
    void aFileLargerThanTheBufferIsStreamed() throws Exception {
        Path big = folder.resolve("big.csv");
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] header = "id,value\n".getBytes(StandardCharsets.UTF_8);
            out.write(header);
            expected.update(header);
            for (int i = 0; i < 300_000; i++) {
                byte[] row = (i + "," + (i * 0.5) + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(row);
                expected.update(row);
            }
        }
        DatasetFingerprint fingerprint = DatasetHasher.hash(big);
        assertThat(fingerprint.contentHash()).isEqualTo(ContentHash.of(expected.digest()));
        assertThat(fingerprint.rowCount()).isEqualTo(300_000L);
        assertThat(fingerprint.schemaFingerprint()).isEqualTo(ContentHash.ofUtf8("id:long,value:double"));
        assertThat(fingerprint.bytes()).isEqualTo(Files.size(big));
    }

    @Test
    void aDirectoryHashesItsFilesByRelativePath() throws Exception {
        Path dir = Files.createDirectories(folder.resolve("part"));
        Files.writeString(dir.resolve("a.parquet"), "A");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b.parquet"), "B");
        String first = DatasetHasher.hash(dir).contentHash();
        Files.writeString(dir.resolve("sub/b.parquet"), "B2");
        assertThat(DatasetHasher.hash(dir).contentHash()).isNotEqualTo(first);
        assertThatThrownBy(() -> DatasetHasher.hash(folder.resolve("missing"))).hasMessageContaining("no file");
    }

    @Test
    void aCsvIsProfiledInTheSamePassAsItsHashes() throws Exception {
        Path file = write("users.csv", "id,age,plan\n1,30,basic\n2,,pro\n3,41,basic\n");
        DatasetFingerprint fingerprint = DatasetHasher.hash(file);
        assertThat(fingerprint.contentHash()).isEqualTo(ContentHash.ofUtf8(Files.readString(file)));
        assertThat(fingerprint.columns()).extracting(c -> c.getName() + " " + c.getType() + " " + c.getCount() + "/"
                + c.getNulls()).containsExactly("id INTEGER 3/0", "age INTEGER 2/1", "plan STRING 3/0");
        assertThat(fingerprint.warnings()).isEmpty();
    }

    @Test
    void textThatIsNotUtf8IsHashedAsBytesWithAWarning() throws Exception {
        Path file = folder.resolve("latin1.csv");
        Files.write(file, "name\nJos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        DatasetFingerprint fingerprint = DatasetHasher.hash(file);
        assertThat(fingerprint.contentHash()).isEqualTo(ContentHash.of(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file))));
        assertThat(fingerprint.columns()).isEmpty();
        assertThat(fingerprint.canonicalHash()).isNull();
        assertThat(fingerprint.warnings()).singleElement().asString().contains("latin1.csv is not UTF-8 text");
    }

    @Test
    void raggedRowsAndTooManyColumnsAreSaidInOneLineEach() throws Exception {
        DatasetFingerprint ragged = DatasetHasher.hash(write("ragged.csv", "a,b\n1,2\n3\n4,5,6\n"));
        assertThat(ragged.columns()).hasSize(2);
        assertThat(ragged.warnings()).singleElement().asString().startsWith("2 of 3 rows have a different number");

        String header = String.join(",", java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> "c" + i).toList());
        DatasetFingerprint wide = DatasetHasher.hash(write("wide.csv", header + "\n" + "1,".repeat(9_999) + "1\n"));
        assertThat(wide.columns()).isEmpty();
        assertThat(wide.rowCount()).isEqualTo(1);
        assertThat(wide.warnings()).singleElement().asString().startsWith("10000 columns, more than the 300 profiled");
    }

    @Test
    void anEmptyFileHasNoColumnsAndNoRows() throws Exception {
        DatasetFingerprint empty = DatasetHasher.hash(write("empty.csv", ""));
        assertThat(empty.columns()).isEmpty();
        assertThat(empty.rowCount()).isZero();
        assertThat(empty.contentHash()).isEqualTo(ContentHash.ofUtf8(""));
    }

    /** A Parquet file written by DuckDB: 1,000 rows of an id, a score with some nulls, a plan and a date. */
    private Path parquet(String name, int offset) throws Exception {
        Path file = folder.resolve(name);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement sql = db.createStatement()) {
            sql.execute("COPY (SELECT i + " + offset + " AS id, CASE WHEN i % 10 = 0 THEN NULL ELSE i / 100.0 END AS"
                    + " score, CASE WHEN i % 3 = 0 THEN 'pro' ELSE 'basic' END AS plan, DATE '2026-01-01' + CAST(i % 30 AS INTEGER) AS"
                    + " signup FROM range(1000) t(i)) TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }

    @Test
    void aParquetFileIsProfiledWithItsTypes() throws Exception {
        Path file = parquet("users.parquet", 0);
        DatasetFingerprint fingerprint = DatasetHasher.hash(file);
        assertThat(fingerprint.contentHash()).isEqualTo(DatasetHasher.hashBytes(file));
        assertThat(fingerprint.rowCount()).isEqualTo(1_000L);
        assertThat(fingerprint.columns()).extracting(c -> c.getName() + " " + c.getType() + " " + c.getNulls())
                .containsExactly("id INTEGER 0", "score DOUBLE 100", "plan STRING 0", "signup TIMESTAMP 0");
        assertThat(fingerprint.columns().get(1).getMax()).isEqualTo(9.99);
        assertThat(fingerprint.warnings()).isEmpty();
    }

    @Test
    void aTruncatedParquetFileIsHashedAndSaysWhyItHasNoProfiles() throws Exception {
        Path whole = parquet("whole.parquet", 0);
        Path truncated = folder.resolve("truncated.parquet");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DatasetFingerprint fingerprint = DatasetHasher.hash(truncated);
        assertThat(fingerprint.contentHash()).isEqualTo(DatasetHasher.hashBytes(truncated));
        assertThat(fingerprint.columns()).isEmpty();
        assertThat(fingerprint.warnings()).singleElement().asString().startsWith("cannot read " + truncated
                + " as Parquet").endsWith("published without column profiles");
    }

    @Test
    void aFolderOfDataFilesIsProfiledAsOneTable() throws Exception {
        Path parts = Files.createDirectories(folder.resolve("parts"));
        Files.move(parquet("a.parquet", 0), parts.resolve("a.parquet"));
        Files.move(parquet("b.parquet", 1_000), parts.resolve("b.parquet"));
        DatasetFingerprint parquet = DatasetHasher.hash(parts);
        assertThat(parquet.rowCount()).isEqualTo(2_000L);
        assertThat(parquet.columns().get(0).getMax()).isEqualTo(1_999.0);

        Path csvs = Files.createDirectories(folder.resolve("csvs"));
        Files.writeString(csvs.resolve("1.csv"), "id,plan\n1,basic\n2,pro\n");
        Files.writeString(csvs.resolve("2.csv"), "id,plan\n3,basic\n");
        assertThat(DatasetHasher.hash(csvs).columns()).extracting(c -> c.getName() + " " + c.getCount())
                .containsExactly("id 3", "plan 3");
        Files.writeString(csvs.resolve("3.csv"), "id,tier\n4,gold\n");
        assertThat(DatasetHasher.hash(csvs).warnings()).singleElement().asString()
                .contains("3.csv has another header than the other files");
    }
}
