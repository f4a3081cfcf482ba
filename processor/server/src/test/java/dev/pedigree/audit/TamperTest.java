package dev.pedigree.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tampering that must be caught: a byte flipped in a recorded event, an event removed, two swapped, a checkpoint
 * re-signed by another key, a log truncated and regrown, a bundle presented for another log; and a key rotation,
 * which is not tampering when the earlier key is listed.
 */
class TamperTest {

    private static final String LOG = "pedigree/pedigree.predictions/3";
    private final NoteKey key = NoteKey.generate("pedigree");

    private static List<byte[]> events(int n) {
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(("{\"eventId\":\"e" + i + "\",\"predictionId\":\"p" + i + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    private static List<byte[]> hashes(List<byte[]> events) {
        return events.stream().map(Merkle::leafHash).toList();
    }

    /** The log as recorded: checkpoints at 4, 10 and 16 leaves. */
    private List<String> checkpoints(List<byte[]> events, NoteKey signer) {
        MerkleTree tree = new MerkleTree(new InMemorySubtreeHashes());
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            tree.append(Merkle.leafHash(events.get(i)));
            if (i + 1 == 4 || i + 1 == 10 || i + 1 == 16) {
                notes.add(new Checkpoint(LOG, i + 1, tree.root(i + 1)).sign(signer));
            }
        }
        return notes;
    }

    @Test
    void theUntouchedLogVerifies() {
        List<byte[]> events = events(16);
        LogVerifier.Result result = LogVerifier.verify(LOG, hashes(events), checkpoints(events, key),
                List.of(key.verifier()));
        assertThat(result.ok()).as(String.valueOf(result.failure())).isTrue();
        assertThat(result.verified()).isEqualTo(3);
    }

    @Test
    void aLogSignedByTwoKeysInTurnVerifiesWhenTheEarlierKeyIsListedAndOnlyThen() {
        List<byte[]> events = events(16);
        NoteKey rotated = NoteKey.generate("pedigree");
        List<String> before = checkpoints(events, key);
        List<String> notes = List.of(before.get(0), before.get(1), checkpoints(events, rotated).get(2));

        LogVerifier.Result both = LogVerifier.verify(LOG, hashes(events), notes,
                List.of(rotated.verifier(), key.verifier()));
        assertThat(both.ok()).as(String.valueOf(both.failure())).isTrue();
        assertThat(both.verified()).isEqualTo(3);
        String signature = notes.get(2).substring(notes.get(2).lastIndexOf("\u2014 pedigree ") + 11).trim();
        assertThat(Arrays.copyOf(Base64.getDecoder().decode(signature), 4))
                .as("a checkpoint names the key that signed it: its name and key ID")
                .isEqualTo(rotated.verifier().keyId());

        LogVerifier.Result currentOnly = LogVerifier.verify(LOG, hashes(events), notes, List.of(rotated.verifier()));
        assertThat(currentOnly.ok()).isFalse();
        assertThat(currentOnly.verified()).isZero();
        assertThat(currentOnly.failure()).contains("does not verify");
    }

    @Test
    void aByteFlippedInARecordedEventIsCaughtAtTheFirstCheckpointCoveringIt() {
        List<byte[]> events = events(16);
        List<String> notes = checkpoints(events, key);
        List<byte[]> tampered = new ArrayList<>(events);
        byte[] flipped = tampered.get(6).clone();
        flipped[3] ^= 1;
        tampered.set(6, flipped);
        LogVerifier.Result result = LogVerifier.verify(LOG, hashes(tampered), notes, List.of(key.verifier()));
        assertThat(result.failure()).contains("checkpoint of " + LOG + " at 10 leaves").contains("leaves 4 to 9");
        assertThat(result.verified()).isEqualTo(1);
    }

    @Test
    void aRemovedAndTwoSwappedEventsAreCaught() {
        List<byte[]> events = events(16);
        List<String> notes = checkpoints(events, key);
        List<byte[]> removed = new ArrayList<>(events);
        removed.remove(12);
        assertThat(LogVerifier.verify(LOG, hashes(removed), notes, List.of(key.verifier())).failure())
                .contains("at 16 leaves").contains("hold only 15");
        List<byte[]> swapped = new ArrayList<>(events);
        Collections.swap(swapped, 1, 2);
        assertThat(LogVerifier.verify(LOG, hashes(swapped), notes, List.of(key.verifier())).failure())
                .contains("at 4 leaves").contains("leaves 0 to 3");
    }

    @Test
    void aCheckpointReSignedWithAnotherKeyIsCaught() {
        List<byte[]> events = events(16);
        List<String> notes = new ArrayList<>(checkpoints(events, key));
        NoteKey other = NoteKey.generate("pedigree");
        notes.set(1, checkpoints(events, other).get(1));
        assertThat(LogVerifier.verify(LOG, hashes(events), notes, List.of(key.verifier())).failure())
                .contains("after the one of 4 leaves does not verify").contains("no signature by a known key");
    }

    @Test
    void aLogTruncatedAndRegrownAfterACheckpointIsCaught() {
        List<byte[]> events = events(16);
        List<String> first = checkpoints(events, key).subList(0, 2);
        List<byte[]> regrown = new ArrayList<>(events.subList(0, 8));
        regrown.addAll(events(20).subList(12, 20));
        List<String> notes = new ArrayList<>(first);
        notes.add(checkpoints(regrown, key).get(2));
        LogVerifier.Result result = LogVerifier.verify(LOG, hashes(regrown), notes, List.of(key.verifier()));
        assertThat(result.failure()).as("the old checkpoint of 10 no longer matches")
                .contains("checkpoint of " + LOG + " at 10 leaves");
        MerkleTree tree = new MerkleTree(new InMemorySubtreeHashes());
        regrown.forEach(event -> tree.append(Merkle.leafHash(event)));
        Checkpoint old = Checkpoint.open(first.get(1), List.of(key.verifier()));
        assertThat(Merkle.verifyConsistency(10, 16, old.root(), tree.root(16), tree.consistency(10, 16)))
                .as("and no consistency proof links it to the regrown log").isFalse();
    }

    @Test
    void aBundleForAnotherLogFailsAgainstTheKey() {
        List<byte[]> events = events(4);
        MerkleTree tree = new MerkleTree(new InMemorySubtreeHashes());
        events.forEach(event -> tree.append(Merkle.leafHash(event)));
        String note = new Checkpoint(LOG, 4, tree.root(4)).sign(key);
        List<String> path = tree.inclusion(2, 4).stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
        ProofBundle bundle = new ProofBundle(LOG, new ProofBundle.Leaf("e2", 2,
                Base64.getEncoder().encodeToString(events.get(2)), null), 4, path, note, key.verifier().verifierKey());
        assertThat(BundleVerifier.verify(bundle, List.of(key.verifier())).verified()).isTrue();
        ProofBundle elsewhere = new ProofBundle("pedigree/pedigree.predictions/4", bundle.leaf(), 4, path, note,
                bundle.key());
        assertThat(BundleVerifier.verify(elsewhere, List.of(key.verifier())).reason())
                .contains("the checkpoint is of log " + LOG);
        ProofBundle otherKey = new ProofBundle(LOG, bundle.leaf(), 4, path,
                new Checkpoint(LOG, 4, tree.root(4)).sign(NoteKey.generate("pedigree")), bundle.key());
        assertThat(BundleVerifier.verify(otherKey, List.of(key.verifier())).verified()).isFalse();
        ProofBundle anotherEvent = new ProofBundle(LOG, new ProofBundle.Leaf("e2", 2,
                Base64.getEncoder().encodeToString(events.get(1)), null), 4, path, note, bundle.key());
        assertThat(BundleVerifier.verify(anotherEvent, List.of(key.verifier())).reason())
                .contains("leaf 2 (event e2) is not in the tree");
    }
}
