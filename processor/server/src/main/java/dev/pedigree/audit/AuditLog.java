package dev.pedigree.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One audit log (one input partition) in a key-value store. Each append writes one record for the leaf, which also
 * holds the hashes of most subtrees the leaf completes, and the two indexes — every write also goes to the store's
 * changelog, so the log keeps to the few it needs. Keys:
 * <ul>
 *   <li>{@code l:<index, 19 digits>}: the leaf — 8 bytes of event time, its 32-byte hash, the 32-byte hashes of
 *   the complete subtrees of levels 1 to 3 it ends (as many as the trailing 1 bits of its index, at most 3), its
 *   event id (2-byte length, UTF-8) and its data (absent once expired);</li>
 *   <li>{@code h:<level>:<index>}: the hash of a complete subtree of 2^level leaves, level ≥ 4 (one every eight
 *   leaves);</li>
 *   <li>{@code e:<length>:<eventId>:<index, 19 digits>}, {@code n:<length>:<nodeId>:<index>}: each leaf of an
 *   event and each event of a node, so the first is the first of a range and an append writes without reading;</li>
 *   <li>{@code c:<size, 19 digits>}, {@code checkpointed}: each signed checkpoint (8 bytes of epoch millis, then the
 *   note), and the newest one's size;</li>
 *   <li>{@code x}: for a log whose data expires, the first leaf whose data has not been looked at for expiry;</li>
 *   <li>{@code layout}: 2, written with the first leaf. A log begun before it (layout 1, Pedigree 0.2's first
 *   audit logs) keeps every subtree hash (level ≥ 1) under an {@code h:} key and its leaves without them, one
 *   index key per id holding its first index ({@code e:<eventId>}, {@code n:<nodeId>}), and is read and appended to
 *   as it was written.</li>
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

    private static final int TIME = 8;
    private static final int HASH = 32;
    private static final String LAYOUT = "layout";
    /** The layout whose leaf records hold the subtree hashes they complete below {@link #KEYED_LEVEL}. */
    private static final long FOLDED_LAYOUT = 2;
    /**
     * In layout 2, the lowest level whose subtree hashes have keys of their own. Below it (7 of every 8 subtrees), a
     * hash rides in the record of the leaf that completes it, a few keys from the leaves a proof starts at; from it
     * up, the few hashes every proof reads stay small records that the block cache keeps.
     */
    private static final int KEYED_LEVEL = 4;

    private final Store store;
    private final Layout layout;
    private final MerkleTree tree;
    /** The hashes of the leaf being appended: its own, then (layout 2) those of the subtrees it completes. */
    private List<byte[]> appending;
    private long size;

    /** The log to append to: its size is the number of leaves in the store. */
    public AuditLog(Store store) {
        this(store, false);
    }

    private AuditLog(Store store, boolean asCheckpointed) {
        this.store = store;
        // An empty log is begun in layout 2; a log without the marker and with leaves is of layout 1.
        boolean folded = number(store.get(LAYOUT)) == FOLDED_LAYOUT || store.get(leafKey(0)) == null;
        this.layout = folded ? new FoldedLayout() : new KeyedLayout();
        if (asCheckpointed) {
            this.size = checkpointedSize();
        } else {
            String last = store.lastKey(leafKey(0), leafKey(Long.MAX_VALUE));
            this.size = last == null ? 0 : Long.parseLong(last.substring(2)) + 1;
        }
        this.tree = new MerkleTree(layout);
    }

    /**
     * The log as its newest signed checkpoint shows it, for answering queries: its tree is that checkpoint's, which
     * is all a proof or a consistency proof serves, so opening it reads two keys rather than looking for the last
     * leaf. Leaves past the checkpoint are still read by index ({@link #leaf}, {@link #indexOfNode}).
     */
    public static AuditLog asCheckpointed(Store store) {
        return new AuditLog(store, true);
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
        appending = new ArrayList<>(2);
        appending.add(hash);
        tree.append(hash);
        if (index == 0) {
            layout.begin();
        }
        store.put(leafKey(index), leaf(time, appending, eventId, data));
        layout.index("e:", eventId, index);
        if (nodeId != null) {
            layout.index("n:", nodeId, index);
        }
        return index;
    }

    public MerkleTree tree() {
        return tree;
    }

    public long size() {
        return size;
    }

    /** A leaf as the log holds it: its event id, its hash, and its data (null once expired). */
    public record Leaf(String eventId, byte[] hash, byte[] data) {
    }

    /** Leaf {@code index}, read in one get; null when the log has no such leaf. */
    public Leaf leaf(long index) {
        byte[] leaf = store.get(leafKey(index));
        if (leaf == null) {
            return null;
        }
        int idStart = idStart(index) + 2;
        int dataStart = idStart + idLength(leaf, index);
        return new Leaf(new String(leaf, idStart, dataStart - idStart, StandardCharsets.UTF_8),
                Arrays.copyOfRange(leaf, TIME, TIME + HASH),
                leaf.length == dataStart ? null : Arrays.copyOfRange(leaf, dataStart, leaf.length));
    }

    /** The leaf's data; null once it expired. */
    public byte[] data(long index) {
        Leaf leaf = leaf(index);
        return leaf == null ? null : leaf.data();
    }

    public String eventId(long index) {
        Leaf leaf = leaf(index);
        return leaf == null ? null : leaf.eventId();
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
            int end = idStart(next) + 2 + idLength(leaf, next);
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
        return layout.firstIndex("e:", eventId);
    }

    /** The index of the first event of the node; -1 when the log has none. */
    public long indexOfNode(String nodeId) {
        return layout.firstIndex("n:", nodeId);
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

    /** A leaf record: its time, its hash and (layout 2) the hashes of the subtrees it completes, its id, its data. */
    private static byte[] leaf(long time, List<byte[]> hashes, String eventId, byte[] data) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer leaf = ByteBuffer.allocate(TIME + HASH * hashes.size() + 2 + id.length + data.length).putLong(time);
        hashes.forEach(leaf::put);
        return leaf.putShort((short) id.length).put(id).put(data).array();
    }

    /** Where leaf {@code index}'s event id starts: after its time, its hash and the subtree hashes it holds. */
    private int idStart(long index) {
        return TIME + HASH * (1 + layout.heldLevels(index));
    }

    private int idLength(byte[] leaf, long index) {
        return ByteBuffer.wrap(leaf, idStart(index), 2).getShort() & 0xFFFF;
    }

    private static String leafKey(long index) {
        return padded("l:", index);
    }

    /** {@code prefix} and the number in 19 digits, so that keys sort as numbers. */
    private static String padded(String prefix, long number) {
        String digits = Long.toString(number);
        return prefix + "0".repeat(19 - digits.length()) + digits;
    }

    private static String subtreeKey(int level, long index) {
        return "h:" + level + ":" + index;
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

    /**
     * Where a layout keeps what is not the leaf itself: the subtree hashes (which the tree reads and writes through
     * it, with the size kept in memory) and the indexes from an id to its first leaf.
     */
    private abstract class Layout implements MerkleTree.SubtreeHashes {
        @Override
        public long size() {
            return size;
        }

        @Override
        public void setSize(long newSize) {
            size = newSize;
        }

        /** Called with the first leaf of a new log. */
        abstract void begin();

        /** How many subtree hashes leaf {@code index}'s record holds, after its own. */
        abstract int heldLevels(long index);

        /**
         * Records that leaf {@code index} belongs to {@code id} ({@code prefix}: {@code e:} events, {@code n:}
         * nodes).
         */
        abstract void index(String prefix, String id, long index);

        /** The first leaf of {@code id}; -1 when there is none. */
        abstract long firstIndex(String prefix, String id);

        byte[] keyed(int level, long index) {
            return store.get(subtreeKey(level, index));
        }

        /** The hash at {@code level} (0: the leaf's own) held in leaf {@code index}'s record; null when absent. */
        byte[] heldBy(long index, int level) {
            byte[] leaf = store.get(leafKey(index));
            int start = TIME + HASH * level;
            return leaf == null ? null : Arrays.copyOfRange(leaf, start, start + HASH);
        }
    }

    /**
     * Layout 2: a subtree's hash below {@link #KEYED_LEVEL} is in the record of its last leaf, at its level (the tree
     * computes the hashes of the subtrees a leaf completes level by level, and they are written with its record); an
     * index key per leaf of an id, {@code <prefix><length of id>:<id>:<index, 19 digits>}, so the first is the first
     * of a range and an append writes without reading. The length keeps apart ids that begin alike.
     */
    private final class FoldedLayout extends Layout {
        @Override
        public byte[] get(int level, long index) {
            return level < KEYED_LEVEL ? heldBy(((index + 1) << level) - 1, level) : keyed(level, index);
        }

        @Override
        public void put(int level, long index, byte[] hash) {
            if (level >= KEYED_LEVEL) {
                store.put(subtreeKey(level, index), hash);
            } else if (level > 0) {
                appending.add(hash);
            }
        }

        @Override
        void begin() {
            store.put(LAYOUT, number(FOLDED_LAYOUT));
        }

        @Override
        int heldLevels(long index) {
            return Math.min(Long.numberOfTrailingZeros(~index), KEYED_LEVEL - 1);
        }

        @Override
        void index(String prefix, String id, long index) {
            // No read before the write: a read of a key not there yet costs more than the write.
            store.put(indexKey(prefix, id, index), number(index));
        }

        @Override
        long firstIndex(String prefix, String id) {
            List<byte[]> indexes = store.range(indexKey(prefix, id, 0), indexKey(prefix, id, Long.MAX_VALUE));
            return indexes.isEmpty() ? -1 : number(indexes.get(0));
        }

        private static String indexKey(String prefix, String id, long index) {
            return padded(prefix + id.length() + ":" + id + ":", index);
        }
    }

    /**
     * Layout 1: level 0 from the leaf records, the levels above under {@code h:} keys; one index key per id holding
     * its first leaf, written when the id is new.
     */
    private final class KeyedLayout extends Layout {
        @Override
        public byte[] get(int level, long index) {
            return level == 0 ? heldBy(index, 0) : keyed(level, index);
        }

        @Override
        public void put(int level, long index, byte[] hash) {
            if (level > 0) {
                store.put(subtreeKey(level, index), hash);
            }
        }

        @Override
        void begin() {
            throw new IllegalStateException("a new audit log is begun in layout " + FOLDED_LAYOUT);
        }

        @Override
        int heldLevels(long index) {
            return 0;
        }

        @Override
        void index(String prefix, String id, long index) {
            if (store.get(prefix + id) == null) {
                store.put(prefix + id, number(index));
            }
        }

        @Override
        long firstIndex(String prefix, String id) {
            return number(store.get(prefix + id));
        }
    }
}
