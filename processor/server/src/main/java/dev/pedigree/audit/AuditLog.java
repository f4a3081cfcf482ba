package dev.pedigree.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One audit log (one input partition) in a key-value store. Each append writes one record for the leaf, the hashes
 * of the subtrees it completes (one on average) and the two indexes — every write also goes to the store's
 * changelog, so the log keeps to the few it needs. Keys:
 * <ul>
 *   <li>{@code l:<index, 19 digits>}: the leaf — 8 bytes of event time, its 32-byte hash, its event id (2-byte
 *   length, UTF-8) and its data (absent once expired);</li>
 *   <li>{@code h:<level>:<index>}: the hash of a complete subtree of 2^level leaves, level ≥ 1 (level 0 is the
 *   leaf's);</li>
 *   <li>{@code e:<eventId>}, {@code n:<nodeId>}: the index of the event's first leaf, of the first event of a node;</li>
 *   <li>{@code c:<size, 19 digits>}, {@code checkpointed}: each signed checkpoint (8 bytes of epoch millis, then the
 *   note), and the newest one's size;</li>
 *   <li>{@code x}: for a log whose data expires, the first leaf whose data has not been looked at for expiry.</li>
 * </ul>
 * The size is the number of {@code l:} records, read once from the store. The leaf hashes are kept for the life of
 * the log, whatever the retention of the records they commit to; a leaf's data may expire ({@link #expireData}), and
 * its inclusion is still proven from its hash.
 */
public final class AuditLog {

    /** What the log is kept in: a state store, writable in the processor and read-only in queries. */
    public interface Store {
        byte[] get(String key);

        void put(String key, byte[] value);

        /** The values of the keys from {@code from} to {@code to} (inclusive), in key order. */
        List<byte[]> range(String from, String to);

        /** The last key from {@code from} to {@code to} (inclusive), or null. */
        String lastKey(String from, String to);
    }

    /** A signed checkpoint of a log. */
    public record SignedCheckpoint(long size, long time, String note) {

        /** Reads a checkpoint stored as 8 bytes of epoch millis then the signed note. */
        public static SignedCheckpoint of(byte[] stored) {
            String note = new String(stored, 8, stored.length - 8, StandardCharsets.UTF_8);
            return new SignedCheckpoint(Checkpoint.unverified(note).size(), ByteBuffer.wrap(stored).getLong(), note);
        }

        /** How it is stored: 8 bytes of epoch millis, then the note. */
        public byte[] stored() {
            byte[] text = note.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(8 + text.length).putLong(time).put(text).array();
        }

        /** The checkpoint the note holds (its signature unchecked). */
        public Checkpoint checkpoint() {
            return Checkpoint.unverified(note);
        }
    }

    private static final int HEADER = 8 + 32;

    private final Store store;
    private final MerkleTree tree;
    private long size;

    public AuditLog(Store store) {
        this.store = store;
        String last = store.lastKey(leafKey(0), leafKey(Long.MAX_VALUE));
        this.size = last == null ? 0 : Long.parseLong(last.substring(2)) + 1;
        this.tree = new MerkleTree(new Hashes());
    }

    /** Appends an event's leaf, whose data is kept for the life of the log; returns its index. */
    public long append(String eventId, String nodeId, byte[] data) {
        return append(eventId, nodeId, data, -1);
    }

    /**
     * Appends an event's leaf whose data may be expired once {@link #expireData} passes {@code time}; returns its
     * index.
     */
    public long append(String eventId, String nodeId, byte[] data, long time) {
        long index = size;
        byte[] hash = Merkle.leafHash(data);
        store.put(leafKey(index), leaf(time, hash, eventId, data));
        tree.append(hash);
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
        return size;
    }

    /** The leaf's data; null once it expired. */
    public byte[] data(long index) {
        byte[] leaf = store.get(leafKey(index));
        if (leaf == null) {
            return null;
        }
        int start = HEADER + 2 + idLength(leaf);
        return leaf.length == start ? null : Arrays.copyOfRange(leaf, start, leaf.length);
    }

    public String eventId(long index) {
        byte[] leaf = store.get(leafKey(index));
        return leaf == null ? null : new String(leaf, HEADER + 2, idLength(leaf), StandardCharsets.UTF_8);
    }

    /**
     * Drops the data of leaves appended with a time before {@code before}, in index order from where the last call
     * stopped, looking at {@code limit} leaves at most; it stops at the first leaf not old enough (leaves come in
     * roughly their time order). Their hashes stay. Returns how many it dropped.
     */
    public int expireData(long before, int limit) {
        long next = Math.max(0, number(store.get("x")));
        int dropped = 0;
        for (int looked = 0; looked < limit && next < size; looked++, next++) {
            byte[] leaf = store.get(leafKey(next));
            long time = ByteBuffer.wrap(leaf).getLong();
            if (time < 0) {
                continue;
            }
            if (time >= before) {
                break;
            }
            int end = HEADER + 2 + idLength(leaf);
            if (leaf.length > end) {
                store.put(leafKey(next), Arrays.copyOf(leaf, end));
                dropped++;
            }
        }
        store.put("x", number(next));
        return dropped;
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
        store.put(checkpointKey(size), new SignedCheckpoint(size, time, note).stored());
        store.put("checkpointed", number(size));
    }

    /** The size of the newest checkpoint; 0 when there is none. */
    public long checkpointedSize() {
        return Math.max(0, number(store.get("checkpointed")));
    }

    /** The checkpoint of exactly {@code size} leaves, if one was signed. */
    public SignedCheckpoint checkpoint(long size) {
        byte[] value = store.get(checkpointKey(size));
        return value == null ? null : SignedCheckpoint.of(value);
    }

    /** Every checkpoint, oldest first. */
    public List<SignedCheckpoint> checkpoints() {
        List<SignedCheckpoint> checkpoints = new ArrayList<>();
        for (byte[] value : store.range(checkpointKey(0), checkpointKey(Long.MAX_VALUE))) {
            checkpoints.add(SignedCheckpoint.of(value));
        }
        return checkpoints;
    }

    private static byte[] leaf(long time, byte[] hash, String eventId, byte[] data) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(HEADER + 2 + id.length + data.length).putLong(time).put(hash)
                .putShort((short) id.length).put(id).put(data).array();
    }

    private static int idLength(byte[] leaf) {
        return ByteBuffer.wrap(leaf, HEADER, 2).getShort() & 0xFFFF;
    }

    private static String leafKey(long index) {
        return padded("l:", index);
    }

    /** {@code prefix} and the number in 19 digits, so that keys sort as numbers. */
    private static String padded(String prefix, long number) {
        String digits = Long.toString(number);
        return prefix + "0".repeat(19 - digits.length()) + digits;
    }

    private static String checkpointKey(long size) {
        return padded("c:", size);
    }

    private static byte[] number(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static long number(byte[] bytes) {
        return bytes == null ? -1 : ByteBuffer.wrap(bytes).getLong();
    }

    /** Level 0 from the leaf records, the levels above under {@code h:} keys; the size in memory. */
    private final class Hashes implements MerkleTree.SubtreeHashes {
        @Override
        public byte[] get(int level, long index) {
            if (level == 0) {
                byte[] leaf = store.get(leafKey(index));
                return leaf == null ? null : Arrays.copyOfRange(leaf, 8, HEADER);
            }
            return store.get("h:" + level + ":" + index);
        }

        @Override
        public void put(int level, long index, byte[] hash) {
            if (level > 0) {
                store.put("h:" + level + ":" + index, hash);
            }
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void setSize(long newSize) {
            size = newSize;
        }
    }
}
