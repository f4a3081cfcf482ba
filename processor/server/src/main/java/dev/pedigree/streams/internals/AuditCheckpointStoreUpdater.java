package dev.pedigree.streams.internals;

import dev.pedigree.audit.Checkpoint;
import dev.pedigree.audit.SignedNote;
import dev.pedigree.streams.StoreNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every signed checkpoint of {@code pedigree.audit} in the global {@link StoreNames#AUDIT_CHECKPOINTS} store,
 * keyed {@code <origin>|<size, 19 digits>}, valued 8 bytes of the record's time then the note: every instance lists
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
        String note = record.value();
        int split = note == null ? -1 : note.lastIndexOf("\n\n");
        if (split < 0) {
            log.warn("Ignoring a record of pedigree.audit that is not a signed note (key {})", record.key());
            return;
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(note.substring(0, split + 1));
        } catch (SignedNote.NoteException e) {
            log.warn("Ignoring a record of pedigree.audit that is not a checkpoint (key {}): {}", record.key(),
                    e.getMessage());
            return;
        }
        byte[] text = note.getBytes(StandardCharsets.UTF_8);
        store.put(key(checkpoint.origin(), checkpoint.size()),
                ByteBuffer.allocate(8 + text.length).putLong(record.timestamp()).put(text).array());
    }

    /** The store key of a log's checkpoint; a log's keys sort by size. */
    public static String key(String origin, long size) {
        return String.format("%s|%019d", origin, size);
    }
}
