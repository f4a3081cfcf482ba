package dev.pedigree.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only Merkle tree kept as the hashes of its complete subtrees: appending leaf n stores its hash and the
 * hash of every subtree it completes (O(log n) writes), and roots and proofs for any size up to the current one are
 * read from those stored hashes (O(log² n) reads at most), never by rehashing leaves. The hashes live in a
 * {@link SubtreeHashes}: a state store in the processor, a map in tests.
 */
public final class MerkleTree {

    /** Where the subtree hashes live: the subtree at {@code level} covers leaves [index·2^level, (index+1)·2^level). */
    public interface SubtreeHashes {
        byte[] get(int level, long index);

        void put(int level, long index, byte[] hash);

        /** The number of leaves. */
        long size();

        void setSize(long size);
    }

    private final SubtreeHashes hashes;

    public MerkleTree(SubtreeHashes hashes) {
        this.hashes = hashes;
    }

    public long size() {
        return hashes.size();
    }

    /** Appends a leaf by its hash ({@link Merkle#leafHash}); returns its index. */
    public long append(byte[] leafHash) {
        long index = hashes.size();
        hashes.put(0, index, leafHash);
        byte[] hash = leafHash;
        long position = index;
        int level = 0;
        while ((position & 1) == 1) {
            hash = Merkle.nodeHash(hashes.get(level, position - 1), hash);
            position >>= 1;
            level++;
            hashes.put(level, position, hash);
        }
        hashes.setSize(index + 1);
        return index;
    }

    /** The hash of leaf {@code index}. */
    public byte[] leaf(long index) {
        requireIndex(index, size());
        return hashes.get(0, index);
    }

    /** The root of the first {@code size} leaves. */
    public byte[] root(long size) {
        requireSize(size);
        return size == 0 ? Merkle.EMPTY_ROOT.clone() : hash(0, size);
    }

    /** The inclusion proof of leaf {@code index} in the tree of {@code size} leaves, in RFC 9162 order. */
    public List<byte[]> inclusion(long index, long size) {
        requireSize(size);
        requireIndex(index, size);
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return path;
    }

    /** The consistency proof between the trees of {@code first} and {@code second} leaves (1 ≤ first ≤ second). */
    public List<byte[]> consistency(long first, long second) {
        requireSize(second);
        if (first < 1 || first > second) {
            throw new IllegalArgumentException("a consistency proof needs 1 ≤ first ≤ second, got " + first + " and "
                    + second);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(first, 0, second, true, proof);
        return proof;
    }

    /** RFC 9162 PATH(m, D[start:start+n]), nearest the leaf first. */
    private void path(long m, long start, long n, List<byte[]> into) {
        if (n == 1) {
            return;
        }
        long k = Merkle.split(n);
        if (m < k) {
            path(m, start, k, into);
            into.add(hash(start + k, n - k));
        } else {
            path(m - k, start + k, n - k, into);
            into.add(hash(start, k));
        }
    }

    /** RFC 9162 SUBPROOF(m, D[start:start+n], b). */
    private void subproof(long m, long start, long n, boolean whole, List<byte[]> into) {
        if (m == n) {
            if (!whole) {
                into.add(hash(start, n));
            }
            return;
        }
        long k = Merkle.split(n);
        if (m <= k) {
            subproof(m, start, k, whole, into);
            into.add(hash(start + k, n - k));
        } else {
            subproof(m - k, start + k, n - k, false, into);
            into.add(hash(start, k));
        }
    }

    /** MTH(D[start:start+n]): stored when the subtree is complete, else split as RFC 9162 does. */
    private byte[] hash(long start, long n) {
        if (Long.bitCount(n) == 1 && start % n == 0) {
            return hashes.get(Long.numberOfTrailingZeros(n), start / n);
        }
        long k = Merkle.split(n);
        return Merkle.nodeHash(hash(start, k), hash(start + k, n - k));
    }

    private void requireSize(long size) {
        if (size < 0 || size > size()) {
            throw new IllegalArgumentException("tree size " + size + " is not between 0 and " + size());
        }
    }

    private static void requireIndex(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not in a tree of " + size + " leaves");
        }
    }
}
