package dev.pedigree.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public half of a {@link NoteKey}: checks Ed25519 signatures of signed notes. Parsed from and written as the
 * verifier key string {@code name+hex(key ID)+base64(0x01 ‖ 32-byte public key)}.
 *
 * @param name the key name, as it appears on signature lines
 * @param publicKey the 32-byte Ed25519 public key
 */
public record NoteVerifier(String name, byte[] publicKey) {

    public NoteVerifier {
        requireName(name);
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + publicKey.length);
        }
    }

    /**
     * Parses a verifier key.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static NoteVerifier parse(String verifierKey) {
        String[] parts = verifierKey.trim().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is name+keyid+base64key, got '" + verifierKey + "'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the verifier key's key is not base64: '" + parts[2] + "'");
        }
        if (key.length != 33 || key[0] != NoteKey.ED25519) {
            throw new IllegalArgumentException("the verifier key is not an Ed25519 key (type 0x01 and 32 bytes)");
        }
        NoteVerifier verifier = new NoteVerifier(parts[0], Arrays.copyOfRange(key, 1, 33));
        if (!parts[1].equalsIgnoreCase(HexFormat.of().formatHex(verifier.keyId()))) {
            throw new IllegalArgumentException("the verifier key's ID " + parts[1] + " does not match its name and "
                    + "key (" + HexFormat.of().formatHex(verifier.keyId()) + ")");
        }
        return verifier;
    }

    /** {@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]}. */
    public byte[] keyId() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(NoteKey.ED25519);
            digest.update(publicKey);
            return Arrays.copyOf(digest.digest(), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The verifier key string. */
    public String verifierKey() {
        byte[] key = new byte[33];
        key[0] = NoteKey.ED25519;
        System.arraycopy(publicKey, 0, key, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId()) + "+" + Base64.getEncoder().encodeToString(key);
    }

    /** Whether {@code signature} (key ID ‖ Ed25519 signature, as on a signature line) signs {@code text}. */
    boolean verifies(byte[] text, byte[] signature) {
        if (signature.length != 4 + 64 || !Arrays.equals(Arrays.copyOf(signature, 4), keyId())) {
            return false;
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(NoteKey.publicKey(publicKey));
            ed25519.update(text);
            return ed25519.verify(signature, 4, 64);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static void requireName(String name) {
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c == '+' || Character.isWhitespace(c)
                || c < 0x20)) {
            throw new IllegalArgumentException("a key name is not empty and has no '+' or white space, got '"
                    + name + "'");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteVerifier v && v.name.equals(name) && Arrays.equals(v.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
