package dev.pedigree.audit;

import java.util.List;

/**
 * What a third party needs to check that one event is in a log signed by a key, and nothing else (DESIGN, "The audit
 * log"): the log, the leaf (event id, index from 0, the committed data in base64), the inclusion proof (base64
 * hashes, RFC 9162 order) in the tree of {@code treeSize} leaves, the signed checkpoint of that size and the
 * verifier key that signed it.
 */
public record ProofBundle(String log, Leaf leaf, long treeSize, List<String> inclusion, String checkpoint,
        String key) {

    /**
     * @param data the leaf's data (the event's canonical JSON) in base64; null once it expired (predictions, after
     *     {@code pedigree.audit.data.retention.ms})
     * @param hash the leaf hash, {@code SHA-256(0x00 ‖ data)}, in base64: what remains when the data expired
     */
    public record Leaf(String eventId, long index, String data, String hash) {
    }
}
