package dev.pedigree.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed notes and checkpoints against the reference implementation: the example key and note of Go's
 * {@code golang.org/x/mod/sumdb/note} (its documentation and note_test.go) are reproduced byte for byte, so the
 * tools built on it verify what Pedigree signs.
 */
class SignedNoteTest {

    private static final String GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    /** {@code PRIVATE+KEY+PeterNeumann+c74f20a3+} followed by base64(0x01 ‖ seed). */
    private static final String GO_SIGNER_KEY = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_SIGNATURE = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGU"
            + "gYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private static NoteKey goKey() {
        byte[] key = Base64.getDecoder().decode(GO_SIGNER_KEY);
        return NoteKey.fromSeed("PeterNeumann", Arrays.copyOfRange(key, 1, key.length));
    }

    @Test
    void signsAndVerifiesExactlyAsGoSumdbNoteDoes() {
        NoteKey key = goKey();
        assertThat(key.verifier().verifierKey()).isEqualTo(GO_VERIFIER);
        assertThat(SignedNote.sign(GO_TEXT, key)).isEqualTo(GO_TEXT + "\n" + GO_SIGNATURE);
        assertThat(SignedNote.open(GO_TEXT + "\n" + GO_SIGNATURE, List.of(NoteVerifier.parse(GO_VERIFIER))))
                .isEqualTo(GO_TEXT);
    }

    @Test
    void refusesATamperedTextAnotherKeyAndMalformedNotes() {
        NoteVerifier go = NoteVerifier.parse(GO_VERIFIER);
        assertThatThrownBy(() -> SignedNote.open(GO_TEXT.replace("answer", "answers") + "\n" + GO_SIGNATURE,
                List.of(go))).hasMessageContaining("does not verify");
        NoteKey other = NoteKey.generate("PeterNeumann");
        assertThatThrownBy(() -> SignedNote.open(SignedNote.sign(GO_TEXT, other), List.of(go)))
                .as("same name, another key: its signature is not by a known key").hasMessageContaining("no signature");
        assertThatThrownBy(() -> SignedNote.open(GO_TEXT + GO_SIGNATURE, List.of(go)))
                .hasMessageContaining("blank line");
        assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("does not match");
    }

    @Test
    void checkpointsRoundTripAndAKeyIsKeptAsPkcs8(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("audit/signing-key.pem");
        NoteKey made = NoteKey.readOrCreate("pedigree", file);
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        NoteKey read = NoteKey.readOrCreate("pedigree", file);
        assertThat(read.verifier()).as("the key made on first start is read back").isEqualTo(made.verifier());

        MerkleTree tree = new MerkleTree(new InMemorySubtreeHashes());
        tree.append(Merkle.leafHash("a".getBytes()));
        Checkpoint checkpoint = new Checkpoint("pedigree/pedigree.predictions/3", 1, tree.root(1));
        String note = checkpoint.sign(read);
        assertThat(note).startsWith("pedigree/pedigree.predictions/3\n1\n" + Base64.getEncoder()
                .encodeToString(tree.root(1)) + "\n\n\u2014 pedigree ");
        assertThat(Checkpoint.open(note, List.of(made.verifier()))).isEqualTo(checkpoint);
        assertThatThrownBy(() -> Checkpoint.open(note, List.of(NoteKey.generate("pedigree").verifier())))
                .as("a checkpoint re-signed by another key").hasMessageContaining("no signature");
        Files.writeString(folder.resolve("bad.pem"), "not a key");
        assertThatThrownBy(() -> NoteKey.read("pedigree", folder.resolve("bad.pem")))
                .hasMessageContaining("openssl genpkey -algorithm ed25519");
    }
}
