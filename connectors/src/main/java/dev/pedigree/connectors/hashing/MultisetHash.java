package dev.pedigree.connectors.hashing;

/**
 * An order-independent hash of a multiset of SHA-256 digests: the digests are added as 256-bit numbers modulo
 * 2<sup>256</sup>, so the order of the elements does not matter but every element, and how many times it occurs,
 * does. {@link CsvCanonicalHash} hashes a CSV file's rows with it.
 */
public final class MultisetHash {

    private final long[] sum = new long[4];
    private long count;

    /** Adds an element hashed with SHA-256 (32 bytes). */
    public void addDigest(byte[] sha256) {
        long carry = 0;
        for (int limb = 3; limb >= 0; limb--) {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (sha256[limb * 8 + i] & 0xff);
            }
            long total = sum[limb] + value + carry;
            carry = Long.compareUnsigned(total, sum[limb]) < 0 || (carry == 1 && total == sum[limb]) ? 1 : 0;
            sum[limb] = total;
        }
        count++;
    }

    /** How many elements were added. */
    public long count() {
        return count;
    }

    /** The sum of the element digests, 32 bytes, most significant first. */
    public byte[] sum() {
        byte[] bytes = new byte[32];
        for (int limb = 0; limb < 4; limb++) {
            System.arraycopy(longBytes(sum[limb]), 0, bytes, limb * 8, 8);
        }
        return bytes;
    }

    static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }
}
