package dev.pedigree.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One audit log (one input partition) in a key-value store: the Merkle tree's subtree hashes, each leaf's data and
 * event id, the indexes of events and of the nodes they created, and the log's signed checkpoints. Keys:
 * <ul>
 *   <li>{@code size}, {@code checkpointed}: the number of leaves, and the size of the newest checkpoint;</li>
 *   <li>{@code h:<level>:<index>}: a complete subtree's hash (level 0: the leaf hash);</li>
 *   <li>{@code d:<index>}, {@code i:<index>}: a leaf's data and its event id;</li>
 *   <li>{@code e:<eventId>}, {@code n:<nodeId>}: the index of the event's first leaf, of the first event of a node;</li>
 *   <li>{@code c:<size, 19 digits>}: the checkpoint of that size (8 bytes of epoch millis, then the signed note);</li>
 *   <li>{@code t:<event time, 19 digits>:<index>}: for a log whose data expires, when each leaf's data may go.</li>
 * </ul>
 * The leaf hashes are kept for the life of the log, whatever the retention of the records they commit to; a leaf's
 * data may expire ({@link #expireData}), and its inclusion is still proven from its hash.
 */
public final class AuditLog {

    /** What the log is kept in: a state store, writable in the processor and read-only in queries. */
    public interface Store {
        byte[] get(String key);

        void put(String key, byte[] value);

        /** The values of the keys from {@code from} to {@code to} (inclusive), in key order. */
        List<byte[]> range(String from, String to);

        /** The keys from {@code from} to {@code to} (inclusive), in key order, at most {@code limit}. */
        List<String> keys(String from, String to, int limit);

        void delete(String key);
    }

    /** A signed checkpoint of a log. */
    public record SignedCheckpoint(long size, long time, String note) {

        /** Reads a checkpoint stored as 8 bytes of epoch millis then the signed note. */
        public static SignedCheckpoint of(byte[] stored) {
            return signed(-1, stored);
        }

        /** The checkpoint the note holds (its signature unchecked). */
        public Checkpoint checkpoint() {
            return Checkpoint.parse(note.substring(0, note.lastIndexOf("\n\n") + 1));
        }
    }

    private final Store store;
    private final MerkleTree tree;

    public AuditLog(Store store) {
        this.store = store;
        this.tree = new MerkleTree(new Hashes());
    }

    /** Appends an event's leaf; returns its index. */
    public long append(String eventId, String nodeId, byte[] data) {
        return append(eventId, nodeId, data, -1);
    }

    /**
     * Appends an event's leaf whose data may be expired once {@link #expireData} passes {@code time}; returns its
     * index.
     */
    public long append(String eventId, String nodeId, byte[] data, long time) {
        long index = tree.append(Merkle.leafHash(data));
        if (time >= 0) {
            store.put(String.format("t:%019d:%d", time, index), new byte[0]);
        }
        store.put("d:" + index, data);
        store.put("i:" + index, eventId.getBytes(StandardCharsets.UTF_8));
        if (store.get("e:" + eventId) == null) {
            store.put("e:" + eventId, number(index));
        }
        if (nodeId != null && store.get("n:" + nodeId) == null) {
            store.put("n:" + nodeId, number(index));
        }
        return index;
    }

    public MerkleTree tree() {
        return tree;
    }

    public long size() {
        return tree.size();
    }

    /** The leaf's data; null once it expired. */
    public byte[] data(long index) {
        return store.get("d:" + index);
    }

    /**
     * Drops the data of up to {@code limit} leaves appended with a time before {@code before}, oldest first; their
     * hashes stay. Returns how many it dropped.
     */
    public int expireData(long before, int limit) {
        List<String> expired = store.keys("t:", String.format("t:%019d", Math.max(0, before)), limit);
        for (String key : expired) {
            store.delete("d:" + key.substring(key.lastIndexOf(':') + 1));
            store.delete(key);
        }
        return expired.size();
    }

    public String eventId(long index) {
        byte[] id = store.get("i:" + index);
        return id == null ? null : new String(id, StandardCharsets.UTF_8);
    }

    /** The index of the event's first leaf; -1 when the log has none. */
    public long indexOfEvent(String eventId) {
        return number(store.get("e:" + eventId));
    }

    /** The index of the first event of the node; -1 when the log has none. */
    public long indexOfNode(String nodeId) {
        return number(store.get("n:" + nodeId));
    }

    /** Records a signed checkpoint of the current size. */
    public void checkpointed(long size, long time, String note) {
        byte[] text = note.getBytes(StandardCharsets.UTF_8);
        store.put(checkpointKey(size), ByteBuffer.allocate(8 + text.length).putLong(time).put(text).array());
        store.put("checkpointed", number(size));
    }

    /** The size of the newest checkpoint; 0 when there is none. */
    public long checkpointedSize() {
        return Math.max(0, number(store.get("checkpointed")));
    }

    /** The checkpoint of exactly {@code size} leaves, if one was signed. */
    public SignedCheckpoint checkpoint(long size) {
        byte[] value = store.get(checkpointKey(size));
        return value == null ? null : signed(size, value);
    }

    /** Every checkpoint, oldest first. */
    public List<SignedCheckpoint> checkpoints() {
        List<SignedCheckpoint> checkpoints = new ArrayList<>();
        for (byte[] value : store.range(checkpointKey(0), checkpointKey(Long.MAX_VALUE))) {
            checkpoints.add(signed(-1, value));
        }
        return checkpoints;
    }

    private static SignedCheckpoint signed(long size, byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        long time = buffer.getLong();
        String note = new String(value, 8, value.length - 8, StandardCharsets.UTF_8);
        return new SignedCheckpoint(size >= 0 ? size : Checkpoint.parse(note.substring(0,
                note.lastIndexOf("\n\n") + 1)).size(), time, note);
    }

    private static String checkpointKey(long size) {
        return String.format("c:%019d", size);
    }

    private static byte[] number(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static long number(byte[] bytes) {
        return bytes == null ? -1 : ByteBuffer.wrap(bytes).getLong();
    }

    /** The tree's hashes under {@code h:} keys, its size under {@code size}. */
    private final class Hashes implements MerkleTree.SubtreeHashes {
        @Override
        public byte[] get(int level, long index) {
            return store.get("h:" + level + ":" + index);
        }

        @Override
        public void put(int level, long index, byte[] hash) {
            store.put("h:" + level + ":" + index, hash);
        }

        @Override
        public long size() {
            return Math.max(0, number(store.get("size")));
        }

        @Override
        public void setSize(long size) {
            store.put("size", number(size));
        }
    }
}
