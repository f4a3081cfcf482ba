package dev.pedigree.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far an instance's state stores are in restoring from Kafka: the graph store (the global thread, one
 * partition of the graph topic after the other) and every changelogged store, of both applications. A restore
 * after a lost state directory can take minutes, during which the processor is not ready: this logs its progress
 * every 10 s and {@code GET /health/ready} shows it.
 *
 * <p>Kafka Streams tells a partition's records to restore when it begins that partition, so the records still to
 * restore are those of the partitions begun so far; the global store begins its partitions one after another.
 */
public final class RestoreProgress implements StateRestoreListener {

    /** How often a restore that is still going is logged. */
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RestoreProgress.class);

    private final String name;
    private final LongSupplier nanoTime;
    private final Map<String, Partition> partitions = new ConcurrentHashMap<>();
    private final AtomicLong nextLogNanos = new AtomicLong();
    private volatile long startNanos;

    /** Progress of the application {@code name} ("Provenance", "Audit log"), as its log lines name it. */
    public RestoreProgress(String name) {
        this(name, System::nanoTime);
    }

    RestoreProgress(String name, LongSupplier nanoTime) {
        this.name = name;
        this.nanoTime = nanoTime;
    }

    /** What has been restored, and what is left of the partitions begun; all zero when nothing was restored. */
    public record Snapshot(long recordsRestored, long recordsRemaining, int partitionsBegun, int partitionsDone) {

        /** This and {@code other} together. */
        public Snapshot plus(Snapshot other) {
            return new Snapshot(recordsRestored + other.recordsRestored, recordsRemaining + other.recordsRemaining,
                    partitionsBegun + other.partitionsBegun, partitionsDone + other.partitionsDone);
        }
    }

    /** The progress now. */
    public Snapshot snapshot() {
        long restored = 0;
        long remaining = 0;
        int done = 0;
        for (Partition partition : partitions.values()) {
            long partitionRestored = partition.restored.get();
            restored += partitionRestored;
            if (partition.done) {
                done++;
            } else {
                remaining += Math.max(0, partition.toRestore - partitionRestored);
            }
        }
        return new Snapshot(restored, remaining, partitions.size(), done);
    }

    @Override
    public void onRestoreStart(TopicPartition topicPartition, String storeName, long startingOffset,
            long endingOffset) {
        long now = nanoTime.getAsLong();
        if (partitions.isEmpty()) {
            startNanos = now;
            nextLogNanos.set(now + LOG_EVERY.toNanos());
        }
        // Offsets, not records: a transactional topic's markers take offsets too, so this is an upper bound.
        partitions.put(key(topicPartition, storeName), new Partition(Math.max(0, endingOffset - startingOffset)));
        log.debug("{}: restoring {} from {}, offsets {} to {}", name, storeName, topicPartition, startingOffset,
                endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition topicPartition, String storeName, long batchEndOffset,
            long numRestored) {
        Partition partition = partitions.get(key(topicPartition, storeName));
        if (partition != null) {
            partition.restored.addAndGet(numRestored);
        }
        long now = nanoTime.getAsLong();
        long next = nextLogNanos.get();
        if (now >= next && nextLogNanos.compareAndSet(next, now + LOG_EVERY.toNanos())) {
            Snapshot snapshot = snapshot();
            double seconds = secondsSinceStart(now);
            log.info("{}: restoring state, {} records restored in {} s ({} records/s), {} to go in the {} store "
                    + "partitions begun ({} done)", name, snapshot.recordsRestored(), Math.round(seconds),
                    Math.round(snapshot.recordsRestored() / Math.max(seconds, 1e-3)), snapshot.recordsRemaining(),
                    snapshot.partitionsBegun(), snapshot.partitionsDone());
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition topicPartition, String storeName, long totalRestored) {
        Partition partition = partitions.get(key(topicPartition, storeName));
        if (partition != null) {
            partition.done = true;
        }
        log.debug("{}: restored {} from {}, {} records", name, storeName, topicPartition, totalRestored);
    }

    /**
     * Logs the restore once the application runs, when it restored records (a first start has only empty
     * changelogs), and forgets the partitions it finished, so that a later restore (after a rebalance) is counted
     * on its own.
     */
    void finish() {
        Snapshot snapshot = snapshot();
        if (snapshot.recordsRestored() > 0) {
            log.info("{}: restored {} records into {} store partitions in {} s", name, snapshot.recordsRestored(),
                    snapshot.partitionsDone(), String.format("%.1f", secondsSinceStart(nanoTime.getAsLong())));
        }
        partitions.values().removeIf(partition -> partition.done);
    }

    private double secondsSinceStart(long now) {
        return (now - startNanos) / 1e9;
    }

    private static String key(TopicPartition topicPartition, String storeName) {
        return storeName + "/" + topicPartition;
    }

    private static final class Partition {
        final long toRestore;
        final AtomicLong restored = new AtomicLong();
        volatile boolean done;

        Partition(long toRestore) {
            this.toRestore = toRestore;
        }
    }
}
