package dev.pedigree.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Checks a {@link ProofBundle} offline, with nothing but the JDK: the checkpoint's signature by a trusted key, that it
 * is the checkpoint of the bundle's log and tree size, and that the leaf's data hashes into that tree at its index.
 * The CLI's {@code audit verify --bundle} and the decision report's "verified" mark both use it.
 */
public final class BundleVerifier {

    /**
     * The outcome: verified, or the first reason it is not.
     *
     * @param dataExpired the event's data had expired: its hash is proven, what it held is not shown
     */
    public record Verdict(boolean verified, String reason, boolean dataExpired) {
        static Verdict ok(boolean dataExpired) {
            return new Verdict(true, dataExpired ? "the recorded event has expired; its hash is proven" : null,
                    dataExpired);
        }

        static Verdict failed(String reason) {
            return new Verdict(false, reason, false);
        }
    }

    private BundleVerifier() {
    }

    /**
     * @param trusted the verifier keys to trust; empty to trust the key the bundle names (then the verdict proves
     *     only that the bundle is consistent with itself; compare its key with the one the log's operator publishes)
     */
    public static Verdict verify(ProofBundle bundle, Collection<NoteVerifier> trusted) {
        if (bundle.log() == null || bundle.leaf() == null || bundle.checkpoint() == null || bundle.inclusion() == null) {
            return Verdict.failed("the bundle lacks its log, leaf, inclusion proof or checkpoint");
        }
        Collection<NoteVerifier> keys = trusted;
        if (keys.isEmpty()) {
            try {
                keys = List.of(NoteVerifier.parse(bundle.key()));
            } catch (IllegalArgumentException | NullPointerException e) {
                return Verdict.failed("the bundle's key is not a verifier key: " + e.getMessage());
            }
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.open(bundle.checkpoint(), keys);
        } catch (SignedNote.NoteException e) {
            return Verdict.failed("the checkpoint of " + bundle.log() + " does not verify: " + e.getMessage());
        }
        if (!checkpoint.origin().equals(bundle.log())) {
            return Verdict.failed("the checkpoint is of log " + checkpoint.origin() + ", not " + bundle.log());
        }
        if (checkpoint.size() != bundle.treeSize()) {
            return Verdict.failed("the checkpoint is of " + checkpoint.size() + " leaves, the proof of "
                    + bundle.treeSize());
        }
        byte[] data = null;
        byte[] leafHash;
        List<byte[]> path = new ArrayList<>();
        try {
            if (bundle.leaf().data() != null) {
                data = Base64.getDecoder().decode(bundle.leaf().data());
            }
            leafHash = data != null ? Merkle.leafHash(data) : Base64.getDecoder().decode(bundle.leaf().hash());
            for (String hash : bundle.inclusion()) {
                path.add(Base64.getDecoder().decode(hash));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            return Verdict.failed("the leaf has neither data nor hash, or they or a proof hash are not base64");
        }
        if (data != null && bundle.leaf().hash() != null
                && !java.util.Arrays.equals(leafHash, Base64.getDecoder().decode(bundle.leaf().hash()))) {
            return Verdict.failed("leaf " + bundle.leaf().index() + ": its data does not hash to its hash");
        }
        if (!Merkle.verifyInclusion(bundle.leaf().index(), checkpoint.size(), leafHash, path, checkpoint.root())) {
            return Verdict.failed("leaf " + bundle.leaf().index() + " (event " + bundle.leaf().eventId() + ") is not "
                    + "in the tree of " + checkpoint.size() + " leaves that the checkpoint of " + bundle.log()
                    + " signs");
        }
        if (data != null && bundle.leaf().eventId() != null && !new String(data, StandardCharsets.UTF_8)
                .contains("\"eventId\":\"" + bundle.leaf().eventId() + "\"")) {
            return Verdict.failed("leaf " + bundle.leaf().index() + " holds another event than "
                    + bundle.leaf().eventId());
        }
        return Verdict.ok(data == null);
    }
}
