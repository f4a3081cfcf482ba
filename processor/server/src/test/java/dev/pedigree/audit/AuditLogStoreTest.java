package dev.pedigree.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The audit log's records in its store: the hashes of complete subtrees of up to 8 leaves ride in the record of the
 * leaf that completes them, every root and proof read from the store equals the one of a tree kept in memory, the
 * indexes give an id's first leaf, expiry drops the data and nothing else, and a log begun with the earlier layout
 * (every subtree hash and each id's first index under a key of its own) is read and grown as it was written.
 */
class AuditLogStoreTest {

    private static final int LEAVES = 70;

    @Test
    void rootsAndProofsFromTheStoreEqualThoseOfATreeInMemoryAtEverySize() {
        MapStore store = new MapStore();
        AuditLog log = new AuditLog(store);
        MerkleTree expected = new MerkleTree(new InMemorySubtreeHashes());
        for (int i = 0; i < LEAVES; i++) {
            assertThat(log.append("event-" + i, "node-" + i, data(i))).isEqualTo(i);
            expected.append(Merkle.leafHash(data(i)));
        }

        assertSameTree(new AuditLog(store).tree(), expected);
        assertThat(store.keys().stream().filter(key -> key.startsWith("h:")))
                .as("subtrees of 16 leaves and more: one every 16 leaves, one every 32, one every 64")
                .containsExactlyInAnyOrder("h:4:0", "h:4:1", "h:4:2", "h:4:3", "h:5:0", "h:5:1", "h:6:0");
        assertThat(store.keys()).as("besides: one record a leaf, the two indexes, the layout")
                .hasSize(3 * LEAVES + 1 + 7);
        AuditLog reopened = new AuditLog(store);
        for (int i = 0; i < LEAVES; i++) {
            assertThat(reopened.data(i)).isEqualTo(data(i));
            assertThat(reopened.eventId(i)).isEqualTo("event-" + i);
            assertThat(reopened.indexOfEvent("event-" + i)).isEqualTo(i);
            assertThat(reopened.indexOfNode("node-" + i)).isEqualTo(i);
        }
    }

    @Test
    void theIndexesGiveTheFirstLeafOfAnIdAndKeepIdsThatBeginAlikeApart() {
        AuditLog log = new AuditLog(new MapStore());
        log.append("a", "run:1", data(0));
        log.append("a:0000000000000000001", "run:1:", data(1));
        log.append("ab", "run:1", data(2));
        log.append("a", "run:2", data(3));

        assertThat(log.indexOfEvent("a")).as("an event sent twice: its first leaf").isZero();
        assertThat(log.indexOfEvent("a:0000000000000000001")).isEqualTo(1);
        assertThat(log.indexOfEvent("ab")).isEqualTo(2);
        assertThat(log.indexOfEvent("b")).isEqualTo(-1);
        assertThat(log.indexOfNode("run:1")).as("the first event of the node").isZero();
        assertThat(log.indexOfNode("run:1:")).isEqualTo(1);
        assertThat(log.indexOfNode("run:2")).isEqualTo(3);
        assertThat(log.indexOfNode("run:")).isEqualTo(-1);
    }

    @Test
    void expiryDropsTheDataAndKeepsTheEventIdAndEveryHash() {
        MapStore store = new MapStore();
        AuditLog log = new AuditLog(store);
        for (int i = 0; i < 16; i++) {
            log.append("event-" + i, null, data(i), 1_000 + i);
        }
        byte[] root = log.tree().root(16);

        assertThat(log.expireData(1_008, 100)).isEqualTo(8);

        AuditLog reopened = new AuditLog(store);
        for (int i = 0; i < 16; i++) {
            assertThat(reopened.data(i)).as("leaf %d", i).isEqualTo(i < 8 ? null : data(i));
            assertThat(reopened.eventId(i)).isEqualTo("event-" + i);
            assertThat(reopened.tree().leaf(i)).isEqualTo(Merkle.leafHash(data(i)));
        }
        assertThat(reopened.tree().root(16)).isEqualTo(root);
    }

    @Test
    void aLogBegunWithTheEarlierLayoutIsReadAndGrownAsItWasWritten() {
        MapStore store = new MapStore();
        MerkleTree expected = new MerkleTree(new InMemorySubtreeHashes());
        int written = 11;
        for (int i = 0; i < written; i++) {
            writeLayoutOne(store, i, "event-" + i, data(i));
            expected.append(Merkle.leafHash(data(i)));
        }
        writeLayoutOneSubtrees(store, expected);

        AuditLog log = new AuditLog(store);
        assertThat(log.size()).isEqualTo(written);
        assertThat(log.data(3)).isEqualTo(data(3));
        assertThat(log.eventId(3)).isEqualTo("event-3");
        assertThat(log.indexOfEvent("event-3")).isEqualTo(3);
        for (int i = written; i < 40; i++) {
            log.append("event-" + i, null, data(i));
            expected.append(Merkle.leafHash(data(i)));
        }

        assertSameTree(new AuditLog(store).tree(), expected);
        assertThat(store.keys()).as("still the earlier layout").doesNotContain("layout").contains("h:5:0");
        assertThat(new AuditLog(store).data(39)).isEqualTo(data(39));
        assertThat(new AuditLog(store).indexOfEvent("event-39")).isEqualTo(39);
        assertThat(store.keys()).as("grown in the earlier layout").contains("e:event-39", "h:1:19", "h:2:9");
    }

    @Test
    void aLogOpenedForQueriesIsTheTreeOfItsNewestCheckpointAndReadsEachLeafWhole() {
        MapStore store = new MapStore();
        AuditLog log = new AuditLog(store);
        for (int i = 0; i < 37; i++) {
            log.append("event-" + i, "node-" + i, data(i));
        }
        assertThat(AuditLog.asCheckpointed(store).size()).as("no checkpoint yet").isZero();
        log.checkpointed(29, 1_000, "note of 29");
        log.append("event-37", "node-37", data(37));

        AuditLog queried = AuditLog.asCheckpointed(store);

        assertThat(queried.size()).isEqualTo(29);
        assertThat(queried.tree().root(29)).isEqualTo(log.tree().root(29));
        assertThat(queried.tree().inclusion(5, 29)).containsExactlyElementsOf(log.tree().inclusion(5, 29));
        assertThatThrownBy(() -> queried.tree().root(30))
                .as("a tree larger than the checkpoint is not served").isInstanceOf(IllegalArgumentException.class);
        AuditLog.Leaf leaf = queried.leaf(37);
        assertThat(leaf.eventId()).as("a leaf past the checkpoint is still read by index").isEqualTo("event-37");
        assertThat(leaf.hash()).isEqualTo(Merkle.leafHash(data(37)));
        assertThat(leaf.data()).isEqualTo(data(37));
        assertThat(queried.indexOfNode("node-37")).isEqualTo(37);
        assertThat(queried.leaf(38)).isNull();
    }

    private static void assertSameTree(MerkleTree actual, MerkleTree expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (long size = 1; size <= expected.size(); size++) {
            assertThat(actual.root(size)).as("root of %d", size).isEqualTo(expected.root(size));
            for (long index = 0; index < size; index++) {
                assertThat(actual.inclusion(index, size)).as("inclusion of %d in %d", index, size)
                        .containsExactlyElementsOf(expected.inclusion(index, size));
            }
            for (long first = 1; first <= size; first++) {
                assertThat(actual.consistency(first, size)).as("consistency of %d and %d", first, size)
                        .containsExactlyElementsOf(expected.consistency(first, size));
            }
        }
    }

    private static byte[] data(int i) {
        return ("{\"event\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A leaf as the first audit logs wrote it: time, hash, event id, data; no subtree hashes. */
    private static void writeLayoutOne(MapStore store, long index, String eventId, byte[] data) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        store.put(String.format("l:%019d", index), ByteBuffer.allocate(8 + 32 + 2 + id.length + data.length)
                .putLong(-1).put(Merkle.leafHash(data)).putShort((short) id.length).put(id).put(data).array());
        store.put("e:" + eventId, ByteBuffer.allocate(8).putLong(index).array());
    }

    /** The first layout's {@code h:<level>:<index>} keys: every complete subtree above the leaves. */
    private static void writeLayoutOneSubtrees(MapStore store, MerkleTree tree) {
        for (int level = 1; (1L << level) <= tree.size(); level++) {
            for (long index = 0; (index + 1) << level <= tree.size(); index++) {
                long start = index << level;
                store.put("h:" + level + ":" + index, subtreeRoot(tree, start, 1L << level));
            }
        }
    }

    /** The hash of the complete subtree of {@code n} leaves from {@code start}, from the leaf hashes. */
    private static byte[] subtreeRoot(MerkleTree tree, long start, long n) {
        if (n == 1) {
            return tree.leaf(start);
        }
        return Merkle.nodeHash(subtreeRoot(tree, start, n / 2), subtreeRoot(tree, start + n / 2, n / 2));
    }

    /** A store in a sorted map, as RocksDB orders keys. */
    private static final class MapStore implements AuditLog.Store {
        private final NavigableMap<String, byte[]> entries = new TreeMap<>();

        @Override
        public byte[] get(String key) {
            return entries.get(key);
        }

        @Override
        public void put(String key, byte[] value) {
            entries.put(key, value);
        }

        @Override
        public List<byte[]> range(String from, String to) {
            return new ArrayList<>(entries.subMap(from, true, to, true).values());
        }

        @Override
        public String lastKey(String from, String to) {
            NavigableMap<String, byte[]> range = entries.subMap(from, true, to, true);
            return range.isEmpty() ? null : range.lastKey();
        }

        List<String> keys() {
            return new ArrayList<>(entries.keySet());
        }
    }
}
