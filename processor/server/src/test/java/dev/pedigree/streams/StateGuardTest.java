package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

class StateGuardTest {

    @TempDir
    Path stateDir;

    @Test
    void aGlobalStoreLeftWithoutCheckpointIsWipedAndACheckpointedOneKept() throws Exception {
        Path store = Files.createDirectories(stateDir.resolve("app/global/rocksdb/graph"));
        Files.writeString(store.resolve("000001.sst"), "data");

        Files.writeString(stateDir.resolve("app/global").resolve(StateGuard.CHECKPOINT), "0\n0\n");
        assertThat(StateGuard.wipeGlobalIfUncheckpointed(stateDir, "app")).isFalse();
        assertThat(store.resolve("000001.sst")).exists();

        Files.delete(stateDir.resolve("app/global").resolve(StateGuard.CHECKPOINT));
        assertThat(StateGuard.wipeGlobalIfUncheckpointed(stateDir, "app")).isTrue();
        assertThat(stateDir.resolve("app/global")).doesNotExist();
        assertThat(StateGuard.wipeGlobalIfUncheckpointed(stateDir, "other-app")).as("nothing there").isFalse();
    }

    @Test
    void aDatabaseKilledHalfwayThroughItsDeletionIsRemovedSoThatTheNextStartOpensItsStores() throws Exception {
        // What Kafka Streams meets at start: RocksDB opens neither (a failed open may write files, so these two
        // are probed and others are guarded).
        assertThat(opens(withoutManifest("probe/a"))).isFalse();
        assertThat(opens(withoutCurrent("probe/b"))).isFalse();
        Path noManifest = withoutManifest("app/4_3/predictions/predictions.1793491440000");
        Path noCurrent = withoutCurrent("app/1_0/rocksdb/runs");
        Path whole = database("app/4_3/predictions/predictions.1793491500000");
        Path empty = Files.createDirectories(stateDir.resolve("app/2_0/rocksdb/model-versions"));

        assertThat(StateGuard.removeUnopenableStores(stateDir, "app")).containsExactlyInAnyOrder(noManifest, noCurrent);

        assertThat(noManifest).doesNotExist();
        assertThat(noCurrent).doesNotExist();
        assertThat(opens(whole)).as("a whole database is kept as it is").isTrue();
        assertThat(empty).exists();
        assertThat(opens(noManifest)).as("recreated empty, to be restored from the changelog").isTrue();
        assertThat(StateGuard.removeUnopenableStores(stateDir, "other-app")).as("nothing there").isEmpty();
    }

    /** A database whose deletion stopped after its manifest. */
    private Path withoutManifest(String relative) throws RocksDBException, IOException {
        Path path = database(relative);
        deleteWhereNameStartsWith(path, "MANIFEST");
        return path;
    }

    /** A database whose deletion stopped after its CURRENT file. */
    private Path withoutCurrent(String relative) throws RocksDBException, IOException {
        Path path = database(relative);
        Files.delete(path.resolve("CURRENT"));
        return path;
    }

    /** A RocksDB database at {@code relative} holding one flushed key, closed. */
    private Path database(String relative) throws RocksDBException, IOException {
        Path path = Files.createDirectories(stateDir.resolve(relative));
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, path.toString());
             FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.put("key".getBytes(), "value".getBytes());
            db.flush(flush);
        }
        return path;
    }

    private static boolean opens(Path database) {
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, database.toString())) {
            return true;
        } catch (RocksDBException e) {
            return false;
        }
    }

    private static void deleteWhereNameStartsWith(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                Files.delete(file);
            }
        }
    }
}
