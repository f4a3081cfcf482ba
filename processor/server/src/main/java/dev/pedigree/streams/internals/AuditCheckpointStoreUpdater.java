package dev.pedigree.streams.internals;

import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.Checkpoint;
import dev.pedigree.audit.SignedNote;
import dev.pedigree.streams.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every signed checkpoint of {@code pedigree.audit} in the global {@link StoreNames#AUDIT_CHECKPOINTS} store,
 * keyed {@code <origin>|<size, 19 digits>}, valued as {@link AuditLog.SignedCheckpoint#stored()} with the record's time: every instance lists
 * every log's checkpoints without asking the others.
 */
public final class AuditCheckpointStoreUpdater implements Processor<String, String, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpointStoreUpdater.class);

    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.AUDIT_CHECKPOINTS);
    }

    @Override
    public void process(Record<String, String> record) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.unverified(record.value());
        } catch (SignedNote.NoteException e) {
            log.warn("Ignoring a record of pedigree.audit that is not a checkpoint (key {}): {}", record.key(),
                    e.getMessage());
            return;
        }
        store.put(prefix(checkpoint.origin()) + String.format("%019d", checkpoint.size()),
                new AuditLog.SignedCheckpoint(checkpoint.size(), record.timestamp(), record.value()).stored());
    }

    /** What the store keys of a log's checkpoints start with; a log's keys sort by size. */
    public static String prefix(String origin) {
        return origin + "|";
    }
}
