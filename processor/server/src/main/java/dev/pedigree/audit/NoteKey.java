package dev.pedigree.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 signing key of the C2SP signed-note format, with the JDK's own Ed25519 (no extra crypto library): its
 * name, its key ID ({@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]}) and its verifier key
 * ({@code name+hex(key ID)+base64(0x01 ‖ public key)}), the string Go's {@code sumdb/note} and transparency-dev's
 * tools take. On disk the key is PKCS#8 in PEM, as {@code openssl genpkey -algorithm ed25519} writes it.
 */
public final class NoteKey {

    /** The signed-note signature type of Ed25519. */
    static final byte ED25519 = 0x01;
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String PEM_HEADER = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_FOOTER = "-----END PRIVATE KEY-----";

    private final String name;
    private final PrivateKey privateKey;
    private final NoteVerifier verifier;

    private NoteKey(String name, byte[] seed) {
        NoteVerifier.requireName(name);
        this.name = name;
        try {
            this.privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new Seed(seed));
            byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
            this.verifier = new NoteVerifier(name, Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
        }
    }

    /** The key with this 32-byte Ed25519 seed (RFC 8032's private key). */
    public static NoteKey fromSeed(String name, byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, got " + seed.length);
        }
        return new NoteKey(name, seed.clone());
    }

    /** A new random key. */
    public static NoteKey generate(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new NoteKey(name, seed);
    }

    /**
     * Reads the PKCS#8 key at {@code path}, or makes one there (owner-only permissions) when there is none.
     *
     * @throws IllegalArgumentException when the file is not an Ed25519 PKCS#8 key
     */
    public static NoteKey readOrCreate(String name, Path path) throws IOException {
        if (Files.exists(path)) {
            return read(name, path);
        }
        NoteKey key = generate(name);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(path.toAbsolutePath().getParent(), ".audit-key", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's permissions apply.
        }
        Files.writeString(temporary, key.pem(), StandardCharsets.US_ASCII);
        Files.move(temporary, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    /** Reads an Ed25519 private key in PKCS#8 (PEM, or DER). */
    public static NoteKey read(String name, Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        byte[] der = text.contains(PEM_HEADER)
                ? Base64.getMimeDecoder().decode(text.substring(text.indexOf(PEM_HEADER) + PEM_HEADER.length(),
                        text.indexOf(PEM_FOOTER)))
                : bytes;
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new IllegalArgumentException(path
                    + ": the key's bytes cannot be read"));
            return new NoteKey(name, seed);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(path + " is not an Ed25519 private key in PKCS#8 (make one with "
                    + "`openssl genpkey -algorithm ed25519`): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** What verifies this key's signatures. */
    public NoteVerifier verifier() {
        return verifier;
    }

    /** The Ed25519 signature of {@code message}. */
    byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    /** PKCS#8 in PEM. */
    String pem() {
        return PEM_HEADER + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(
                privateKey.getEncoded()) + "\n" + PEM_FOOTER + "\n";
    }

    /** The raw public key as a JDK key. */
    static PublicKey publicKey(byte[] raw) {
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** Feeds the key-pair generator the seed, so that it derives this seed's public key. */
    private static final class Seed extends SecureRandom {
        private final byte[] seed;

        Seed(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
