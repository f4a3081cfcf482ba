package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalStateGuardTest {

    @TempDir
    Path stateDir;

    @Test
    void aGlobalStoreLeftWithoutCheckpointIsWipedAndACheckpointedOneKept() throws Exception {
        Path store = Files.createDirectories(stateDir.resolve("app/global/rocksdb/graph"));
        Files.writeString(store.resolve("000001.sst"), "data");

        Files.writeString(stateDir.resolve("app/global").resolve(GlobalStateGuard.CHECKPOINT), "0\n0\n");
        assertThat(GlobalStateGuard.wipeIfUncheckpointed(stateDir, "app")).isFalse();
        assertThat(store.resolve("000001.sst")).exists();

        Files.delete(stateDir.resolve("app/global").resolve(GlobalStateGuard.CHECKPOINT));
        assertThat(GlobalStateGuard.wipeIfUncheckpointed(stateDir, "app")).isTrue();
        assertThat(stateDir.resolve("app/global")).doesNotExist();
        assertThat(GlobalStateGuard.wipeIfUncheckpointed(stateDir, "other-app")).as("nothing there").isFalse();
    }
}
