package dev.pedigree.streams;

import dev.pedigree.runtime.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under exactly-once, Kafka Streams treats a non-empty global store without a checkpoint file (what a
 * {@code kill -9} can leave) as corrupted, and its global thread dies at start instead of rebuilding the store.
 * The global stores (graph, alerts) are copies of compacted topics, so their folder is wiped before start in that
 * case and restored from the topics.
 */
final class GlobalStateGuard {

    private static final Logger log = LoggerFactory.getLogger(GlobalStateGuard.class);
    static final String CHECKPOINT = ".checkpoint";

    private GlobalStateGuard() {
    }

    /** Wipes {@code stateDir/applicationId/global} when it holds files but no checkpoint; true when it did. */
    static boolean wipeIfUncheckpointed(Path stateDir, String applicationId) {
        Path global = stateDir.resolve(applicationId).resolve("global");
        if (!Files.isDirectory(global) || Files.exists(global.resolve(CHECKPOINT))) {
            return false;
        }
        try (var entries = Files.list(global)) {
            if (entries.findAny().isEmpty()) {
                return false;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + global, e);
        }
        log.warn("The global stores in {} have no checkpoint (the last run did not stop cleanly); they are rebuilt "
                + "from their topics", global);
        Folders.deleteRecursively(global);
        return true;
    }
}
