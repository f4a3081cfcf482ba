package dev.pedigree.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162's Merkle tree hashing and the checks a verifier runs (sections 2.1.1, 2.1.3.2 and 2.1.4.2): leaf hash =
 * SHA-256(0x00 ‖ data), interior node = SHA-256(0x01 ‖ left ‖ right), inclusion and consistency proofs verified
 * against tree heads. Needs nothing but the JDK, so a bundle can be checked anywhere.
 */
public final class Merkle {

    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(Merkle::newDigest);

    /** SHA-256 of the empty string: the root of the empty tree. */
    public static final byte[] EMPTY_ROOT = sha256(new byte[0]);

    private Merkle() {
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest digest = digest();
        digest.update((byte) 0x00);
        digest.update(data);
        return digest.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = digest();
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** The largest power of two smaller than {@code n} (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * Whether {@code path} proves that the leaf with hash {@code leafHash} is leaf {@code index} of the tree of
     * {@code size} leaves whose root is {@code root} (RFC 9162, 2.1.3.2).
     */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /**
     * Whether {@code proof} proves that the tree of {@code first} leaves with root {@code firstRoot} is a prefix of
     * the tree of {@code second} leaves with root {@code secondRoot} (RFC 9162, 2.1.4.2; first ≥ 1).
     */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
            List<byte[]> proof) {
        if (first < 1 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = Long.bitCount(first) == 1
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of(firstRoot), proof.stream()).toList()
                : proof;
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    /**
     * This thread's SHA-256, ready for a new hash ({@code digest()} resets it): looking one up in the providers was
     * the largest allocation of a proof after its JSON, and the appender hashes every event.
     */
    private static MessageDigest digest() {
        MessageDigest digest = DIGESTS.get();
        digest.reset();
        return digest;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
