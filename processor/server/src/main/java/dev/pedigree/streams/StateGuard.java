package dev.pedigree.streams;

import dev.pedigree.runtime.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@code kill -9} can leave in a state directory that stops Kafka Streams from starting, repaired before it
 * starts. Under exactly-once, whatever is removed here is restored from the changelogs and topics, as Kafka Streams
 * restores a task it finds without committed offsets.
 */
final class StateGuard {

    private static final Logger log = LoggerFactory.getLogger(StateGuard.class);
    static final String CHECKPOINT = ".checkpoint";
    private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");
    /** RocksDB's pointer to the database's current manifest. */
    private static final String CURRENT = "CURRENT";

    private StateGuard() {
    }

    /**
     * Kafka Streams treats a non-empty global store without a checkpoint file as corrupted, and its global thread
     * dies at start instead of rebuilding the store. The global stores (graph, alerts, audit checkpoints) are copies
     * of compacted topics, so {@code stateDir/applicationId/global} is wiped in that case and restored from the
     * topics. True when it was.
     */
    static boolean wipeGlobalIfUncheckpointed(Path stateDir, String applicationId) {
        Path global = stateDir.resolve(applicationId).resolve("global");
        if (!Files.isDirectory(global) || Files.exists(global.resolve(CHECKPOINT))) {
            return false;
        }
        try (Stream<Path> entries = Files.list(global)) {
            if (entries.findAny().isEmpty()) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + global, e);
        }
        log.warn("The global stores in {} have no checkpoint (the last run did not stop cleanly); they are rebuilt "
                + "from their topics", global);
        Folders.deleteRecursively(global);
        return true;
    }

    /**
     * Removes the RocksDB databases of {@code applicationId}'s tasks that RocksDB cannot open: a database whose
     * {@code CURRENT} file is missing (while other files are there) or names a manifest that is not. Kafka Streams
     * deletes a window store's expired segment, and a task's stores when it wipes them, file by file; killed midway,
     * it leaves such a directory, and the next start fails on it ("Error opening store"). What such a directory held
     * was being deleted or never committed. Returns the directories removed.
     */
    static List<Path> removeUnopenableStores(Path stateDir, String applicationId) {
        Path application = stateDir.resolve(applicationId);
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(application)) {
            return removed;
        }
        // Stores are at <task>/rocksdb/<store> (key-value) and <task>/<store>/<store>.<segment> (window segments).
        try (Stream<Path> databases = Files.find(application, 3, (path, attributes) -> attributes.isDirectory()
                && path.getNameCount() == application.getNameCount() + 3
                && TASK_DIRECTORY.matcher(path.getName(application.getNameCount()).toString()).matches())) {
            for (Path database : databases.toList()) {
                if (!opens(database)) {
                    log.warn("Removing the RocksDB database {}: it was left half deleted or half created (the last "
                            + "run did not stop cleanly); its task is restored from its changelog", database);
                    Folders.deleteRecursively(database);
                    removed.add(database);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + application, e);
        }
        return removed;
    }

    /** Whether RocksDB can open {@code database}: it is empty, or its CURRENT names a manifest that is there. */
    private static boolean opens(Path database) throws IOException {
        try (Stream<Path> files = Files.list(database)) {
            if (files.findAny().isEmpty()) {
                return true;
            }
        }
        Path current = database.resolve(CURRENT);
        if (!Files.isRegularFile(current)) {
            return false;
        }
        String manifest = Files.readString(current, StandardCharsets.US_ASCII).trim();
        return !manifest.isEmpty() && Files.isRegularFile(database.resolve(manifest));
    }
}
