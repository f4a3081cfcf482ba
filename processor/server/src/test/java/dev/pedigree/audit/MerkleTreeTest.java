package dev.pedigree.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Merkle tree against RFC 9162: small trees hashed by hand, then every size from 1 to 1,000 against a second
 * implementation that follows the RFC's definitions of MTH, PATH and PROOF over the list of leaves, with every
 * inclusion proof and every consistency proof of each size verified by the RFC's verification algorithms.
 */
class MerkleTreeTest {

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static byte[] data(int i) {
        return ("leaf " + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void smallTreesHashedByHand() throws Exception {
        byte[] zero = {0x00};
        byte[] one = {0x01};
        byte[] l0 = sha256(zero, data(0));
        byte[] l1 = sha256(zero, data(1));
        byte[] l2 = sha256(zero, data(2));
        MerkleTree tree = new MerkleTree(new InMemorySubtreeHashes());
        assertThat(HexFormat.of().formatHex(tree.root(0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        tree.append(Merkle.leafHash(data(0)));
        assertThat(tree.root(1)).isEqualTo(l0);
        tree.append(Merkle.leafHash(data(1)));
        assertThat(tree.root(2)).isEqualTo(sha256(one, l0, l1));
        tree.append(Merkle.leafHash(data(2)));
        assertThat(tree.root(3)).as("the left subtree is the largest power of two").isEqualTo(
                sha256(one, sha256(one, l0, l1), l2));
        assertThat(tree.inclusion(2, 3)).containsExactly(sha256(one, l0, l1));
        assertThat(tree.inclusion(0, 3)).containsExactly(l1, l2);
        assertThat(tree.consistency(2, 3)).as("the first tree is a complete subtree: its root is not repeated")
                .containsExactly(l2);
        assertThat(tree.consistency(1, 3)).containsExactly(l1, l2);
    }

    @Test
    void everySizeUpToAThousandAgreesWithTheRfcsDefinitionsAndEveryProofVerifies() {
        MerkleTree tree = new MerkleTree(new InMemorySubtreeHashes());
        List<byte[]> leaves = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int n = 1; n <= 1_000; n++) {
            byte[] leaf = Merkle.leafHash(data(n - 1));
            leaves.add(leaf);
            assertThat(tree.append(leaf)).isEqualTo(n - 1);
            Naive naive = new Naive(leaves);
            byte[] root = tree.root(n);
            assertThat(root).as("root of %d", n).isEqualTo(naive.mth(0, n));
            for (int m = 0; m < n; m++) {
                List<byte[]> path = tree.inclusion(m, n);
                if (!same(path, naive.path(m, 0, n)) || !Merkle.verifyInclusion(m, n, leaves.get(m), path, root)) {
                    failures.add("inclusion of " + m + " in " + n);
                }
            }
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = tree.consistency(m, n);
                List<byte[]> expected = new ArrayList<>();
                naive.subproof(m, 0, n, true, expected);
                if (!same(proof, expected) || !Merkle.verifyConsistency(m, n, tree.root(m), root, proof)) {
                    failures.add("consistency " + m + " → " + n);
                }
            }
        }
        assertThat(failures).as("proofs that differ from the RFC's or do not verify").isEmpty();
    }

    private static boolean same(List<byte[]> proof, List<byte[]> expected) {
        if (proof.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < proof.size(); i++) {
            if (!java.util.Arrays.equals(proof.get(i), expected.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void proofsFailForAnotherLeafIndexRootOrTree() {
        MerkleTree tree = new MerkleTree(new InMemorySubtreeHashes());
        for (int i = 0; i < 13; i++) {
            tree.append(Merkle.leafHash(data(i)));
        }
        byte[] root = tree.root(13);
        List<byte[]> path = tree.inclusion(5, 13);
        assertThat(Merkle.verifyInclusion(5, 13, Merkle.leafHash(data(5)), path, root)).isTrue();
        assertThat(Merkle.verifyInclusion(5, 13, Merkle.leafHash(data(6)), path, root)).as("another leaf").isFalse();
        assertThat(Merkle.verifyInclusion(4, 13, Merkle.leafHash(data(5)), path, root)).as("another index").isFalse();
        assertThat(Merkle.verifyInclusion(5, 13, Merkle.leafHash(data(5)), path.subList(0, path.size() - 1), root))
                .as("a path cut short").isFalse();
        assertThat(Merkle.verifyInclusion(5, 13, Merkle.leafHash(data(5)), path, tree.root(12))).isFalse();

        List<byte[]> consistency = tree.consistency(7, 13);
        assertThat(Merkle.verifyConsistency(7, 13, tree.root(7), root, consistency)).isTrue();
        assertThat(Merkle.verifyConsistency(7, 13, tree.root(6), root, consistency)).as("another old root").isFalse();
        MerkleTree regrown = new MerkleTree(new InMemorySubtreeHashes());
        for (int i = 0; i < 13; i++) {
            regrown.append(Merkle.leafHash(data(i == 3 ? 99 : i)));
        }
        assertThat(Merkle.verifyConsistency(7, 13, tree.root(7), regrown.root(13), regrown.consistency(7, 13)))
                .as("a log whose leaf 3 was rewritten after the checkpoint of 7").isFalse();
    }

    /** RFC 9162's definitions over the list of leaf hashes, subtree hashes memoized. */
    private static final class Naive {
        private final List<byte[]> leaves;
        private final Map<Long, byte[]> memo = new HashMap<>();

        Naive(List<byte[]> leaves) {
            this.leaves = leaves;
        }

        byte[] mth(int start, int n) {
            if (n == 1) {
                return leaves.get(start);
            }
            long key = ((long) start << 32) | n;
            byte[] hash = memo.get(key);
            if (hash == null) {
                int k = Integer.highestOneBit(n - 1);
                hash = Merkle.nodeHash(mth(start, k), mth(start + k, n - k));
                memo.put(key, hash);
            }
            return hash;
        }

        List<byte[]> path(int m, int start, int n) {
            List<byte[]> path = new ArrayList<>();
            if (n == 1) {
                return path;
            }
            int k = Integer.highestOneBit(n - 1);
            if (m < k) {
                path.addAll(path(m, start, k));
                path.add(mth(start + k, n - k));
            } else {
                path.addAll(path(m - k, start + k, n - k));
                path.add(mth(start, k));
            }
            return path;
        }

        void subproof(int m, int start, int n, boolean whole, List<byte[]> into) {
            if (m == n) {
                if (!whole) {
                    into.add(mth(start, n));
                }
                return;
            }
            int k = Integer.highestOneBit(n - 1);
            if (m <= k) {
                subproof(m, start, k, whole, into);
                into.add(mth(start + k, n - k));
            } else {
                subproof(m - k, start + k, n - k, false, into);
                into.add(mth(start, k));
            }
        }
    }
}
