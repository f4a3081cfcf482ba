package dev.pedigree.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one definition of a content hash: {@code sha256:} followed by 64 lowercase hex digits.
 *
 * <p>Dataset versions, run inputs and outputs, prediction features and model artifacts all carry hashes in
 * this form, so equality of two strings is equality of content.
 */
public final class ContentHash {

    /** The algorithm prefix every content hash starts with. */
    public static final String PREFIX = "sha256:";

    private static final int DIGEST_BYTES = 32;

    private ContentHash() {
    }

    /**
     * Whether {@code value} is a well-formed content hash. Every event carries one or more, so this is a loop, not
     * a regular expression (a tenth of the time; it was an eighth of HTTP batch ingestion).
     */
    public static boolean isValid(String value) {
        if (value == null || value.length() != PREFIX.length() + 2 * DIGEST_BYTES || !value.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Formats a raw SHA-256 digest as a content hash. */
    public static String of(byte[] sha256Digest) {
        if (sha256Digest.length != DIGEST_BYTES) {
            throw new IllegalArgumentException(
                    "a SHA-256 digest has " + DIGEST_BYTES + " bytes, got " + sha256Digest.length);
        }
        return PREFIX + HexFormat.of().formatHex(sha256Digest);
    }

    /** A hash shortened for people: {@code sha256:} and its first 12 digits, or {@code placeholder} for none. */
    public static String abbreviate(String hash, String placeholder) {
        if (hash == null) {
            return placeholder;
        }
        return hash.length() > PREFIX.length() + 12 ? hash.substring(0, PREFIX.length() + 12) + "…" : hash;
    }

    /** The content hash of a text's UTF-8 bytes. */
    public static String ofUtf8(String text) {
        return ofBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The content hash of some bytes. */
    public static String ofBytes(byte[] data) {
        try {
            return of(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * Checks a content hash, naming the field in the error.
     *
     * @throws InvalidEventException when {@code value} is not {@code sha256:} + 64 lowercase hex digits
     */
    public static String require(String value, String field) {
        if (!isValid(value)) {
            throw new InvalidEventException(field, "must be 'sha256:' followed by 64 lowercase hex digits, got "
                    + describe(value));
        }
        return value;
    }

    private static String describe(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "'" + shown + "' (" + value.length() + " characters)";
    }
}
