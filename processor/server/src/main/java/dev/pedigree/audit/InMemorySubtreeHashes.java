package dev.pedigree.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree's subtree hashes in memory: for trees rebuilt from records to check against checkpoints
 * ({@link LogVerifier}, {@code audit verify --full}) and for tests.
 */
public final class InMemorySubtreeHashes implements MerkleTree.SubtreeHashes {

    private final List<List<byte[]>> levels = new ArrayList<>();
    private long size;

    @Override
    public byte[] get(int level, long index) {
        return level < levels.size() && index < levels.get(level).size() ? levels.get(level).get((int) index) : null;
    }

    @Override
    public void put(int level, long index, byte[] hash) {
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
        }
        List<byte[]> hashes = levels.get(level);
        if (index == hashes.size()) {
            hashes.add(hash);
        } else {
            hashes.set((int) index, hash);
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void setSize(long size) {
        this.size = size;
    }
}
