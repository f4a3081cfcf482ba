package dev.pedigree.audit;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Checks one log's signed checkpoints, oldest first, against the leaves recomputed from the log's records (what
 * {@code audit verify --full} reads back from the input topic): each checkpoint's signature, that it is of this log,
 * and that its root is the root of that many recomputed leaves. A changed, removed or reordered record, a checkpoint
 * signed by another key, or a log rewritten after a checkpoint fails at the first checkpoint it touches, named with
 * the range of leaves between it and the last checkpoint that verified.
 */
public final class LogVerifier {

    /** The outcome: how many checkpoints verified, and the first failure (null when none). */
    public record Result(String log, int verified, long leaves, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private LogVerifier() {
    }

    /**
     * @param log the log's origin
     * @param leafHashes the recomputed leaf hashes, in order
     * @param notes the log's signed checkpoints, by increasing size
     */
    public static Result verify(String log, List<byte[]> leafHashes, List<String> notes,
            Collection<NoteVerifier> keys) {
        MerkleTree tree = new MerkleTree(new InMemorySubtreeHashes());
        leafHashes.forEach(tree::append);
        long lastGood = 0;
        int verified = 0;
        for (String note : notes) {
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.open(note, keys);
            } catch (SignedNote.NoteException e) {
                return new Result(log, verified, tree.size(), "a checkpoint of " + log + " after the one of " + lastGood
                        + " leaves does not verify: " + e.getMessage());
            }
            String name = "checkpoint of " + log + " at " + checkpoint.size() + " leaves";
            if (!checkpoint.origin().equals(log)) {
                return new Result(log, verified, tree.size(), name + " is signed for another log, "
                        + checkpoint.origin());
            }
            if (checkpoint.size() > tree.size()) {
                return new Result(log, verified, tree.size(), name + ": the records hold only " + tree.size()
                        + " leaves; records were removed after leaf " + (lastGood - 1));
            }
            if (!Arrays.equals(tree.root(checkpoint.size()), checkpoint.root())) {
                return new Result(log, verified, tree.size(), name + ": the records do not hash to its root; a "
                        + "record among leaves " + lastGood + " to " + (checkpoint.size() - 1) + " was changed, removed "
                        + "or moved (or the log was rewritten after the checkpoint of " + lastGood + " leaves)");
            }
            lastGood = checkpoint.size();
            verified++;
        }
        return new Result(log, verified, tree.size(), null);
    }
}
