package dev.pedigree.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;

/**
 * The C2SP signed-note format (c2sp.org/signed-note): a text ending in a newline, a blank line, then signature lines
 * {@code — <key name> base64(key ID ‖ signature)}. Pedigree signs with one Ed25519 key; a note opens when a
 * signature of a known key verifies, and is refused when none does or when a known key's signature fails.
 */
public final class SignedNote {

    private static final String DASH = "\u2014 ";

    private SignedNote() {
    }

    /** {@code text} (ending in a newline) signed by {@code key}. */
    public static String sign(String text, NoteKey key) {
        requireText(text);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] keyId = key.verifier().keyId();
        byte[] signature = key.sign(body);
        byte[] line = Arrays.copyOf(keyId, keyId.length + signature.length);
        System.arraycopy(signature, 0, line, keyId.length, signature.length);
        return text + "\n" + DASH + key.name() + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    /**
     * The text of {@code note}, once a signature by one of {@code verifiers} verifies.
     *
     * @throws NoteException why the note does not open: malformed, no known key, or a known key's bad signature
     */
    public static String open(String note, Collection<NoteVerifier> verifiers) {
        if (!note.endsWith("\n")) {
            throw new NoteException("a signed note ends with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteException("a signed note has a blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        requireText(text);
        boolean verified = false;
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith(DASH)) {
                throw new NoteException("a signature line starts with '— ', got '" + line + "'");
            }
            String[] parts = line.substring(DASH.length()).split(" ", -1);
            if (parts.length != 2) {
                throw new NoteException("a signature line is '— <key name> <signature>', got '" + line + "'");
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new NoteException("the signature of " + parts[0] + " is not base64");
            }
            for (NoteVerifier verifier : verifiers) {
                if (verifier.name().equals(parts[0]) && signature.length >= 4
                        && Arrays.equals(Arrays.copyOf(signature, 4), verifier.keyId())) {
                    if (!verifier.verifies(text.getBytes(StandardCharsets.UTF_8), signature)) {
                        throw new NoteException("the signature of " + verifier.verifierKey() + " does not verify");
                    }
                    verified = true;
                }
            }
        }
        if (!verified) {
            throw new NoteException("no signature by a known key (" + verifiers.stream().map(NoteVerifier::name)
                    .toList() + ")");
        }
        return text;
    }

    private static void requireText(String text) {
        if (!text.endsWith("\n")) {
            throw new NoteException("a note's text ends with a newline");
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new NoteException("a note holds no control characters but newlines");
        }
    }

    /** A note that is malformed or not signed by a known key. */
    public static final class NoteException extends RuntimeException {
        NoteException(String message) {
            super(message);
        }
    }
}
