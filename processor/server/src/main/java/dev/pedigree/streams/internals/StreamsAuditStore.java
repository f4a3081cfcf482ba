package dev.pedigree.streams.internals;

import dev.pedigree.audit.AuditLog;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** An audit log's store: a Kafka Streams key-value store, writable in the processor, read-only in queries. */
public final class StreamsAuditStore implements AuditLog.Store {

    private final ReadOnlyKeyValueStore<String, byte[]> reads;
    private final KeyValueStore<String, byte[]> writes;

    StreamsAuditStore(KeyValueStore<String, byte[]> store) {
        this.reads = store;
        this.writes = store;
    }

    private StreamsAuditStore(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.reads = store;
        this.writes = null;
    }

    /** A log to read, as interactive queries see it: as of its newest signed checkpoint. */
    public static AuditLog reading(ReadOnlyKeyValueStore<String, byte[]> store) {
        return AuditLog.asCheckpointed(new StreamsAuditStore(store));
    }

    /** The log with every leaf appended so far, read-only: what the processor has written, checkpointed or not. */
    public static AuditLog readingEveryLeaf(ReadOnlyKeyValueStore<String, byte[]> store) {
        return new AuditLog(new StreamsAuditStore(store));
    }

    @Override
    public byte[] get(String key) {
        return reads.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        if (writes == null) {
            throw new UnsupportedOperationException("the audit log is read-only outside its processor");
        }
        writes.put(key, value);
    }

    @Override
    public String lastKey(String from, String to) {
        try (KeyValueIterator<String, byte[]> it = reads.reverseRange(from, to)) {
            return it.hasNext() ? it.next().key : null;
        }
    }

    @Override
    public List<byte[]> range(String from, String to) {
        List<byte[]> values = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = reads.range(from, to)) {
            it.forEachRemaining((KeyValue<String, byte[]> entry) -> values.add(entry.value));
        }
        return values;
    }
}
