package dev.pedigree.connectors.hashing;

import dev.pedigree.schema.ContentHash;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A content hash of a CSV file that ignores row order and line endings but changes with any value.
 *
 * <p>Canonical form: the file is parsed as RFC 4180 CSV (quotes honoured, {@code \n} or {@code \r\n}). Each row's
 * fields are encoded as their UTF-8 length and bytes, and hashed with SHA-256. The row digests are added as
 * 256-bit numbers modulo 2<sup>256</sup> — a multiset hash, so order does not matter but duplicates and every cell
 * do. The canonical hash is SHA-256 of: the header row's digest, the row count (8 bytes) and that sum (32 bytes).
 * One pass, constant memory: files larger than memory are fine.
 *
 * <p>The schema fingerprint is SHA-256 of {@code name:type} per column, the type inferred from the values
 * ({@code long}, {@code double}, {@code boolean} or {@code string}; empty cells are ignored).
 */
public final class CsvCanonicalHash {

    private CsvCanonicalHash() {
    }

    /** Hashes a CSV from {@code reader}, whose first row is the header; the caller closes the reader. */
    public static DatasetFingerprint of(Reader reader, String contentHash, long bytes) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        MessageDigest rowDigest = sha256();
        long[] sum = new long[4];
        long rows = 0;
        byte[] header = null;
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        // Not closed here: the caller owns the reader (and may still read from the stream under it).
        CSVParser parser = CSVParser.parse(reader, format);
        for (CSVRecord record : parser) {
            byte[] digest = digestRow(rowDigest, record);
            if (header == null) {
                header = digest;
                record.forEach(columns::add);
                columns.forEach(c -> types.add(null));
                continue;
            }
            addModulo256(sum, digest);
            rows++;
            for (int i = 0; i < Math.min(record.size(), types.size()); i++) {
                types.set(i, widen(types.get(i), record.get(i)));
            }
        }
        MessageDigest canonical = sha256();
        canonical.update(header == null ? new byte[32] : header);
        canonical.update(longBytes(rows));
        canonical.update(toBytes(sum));
        StringBuilder schema = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            schema.append(i == 0 ? "" : ",").append(columns.get(i)).append(':')
                    .append(types.get(i) == null ? "string" : types.get(i));
        }
        return new DatasetFingerprint(contentHash, ContentHash.of(canonical.digest()),
                ContentHash.ofUtf8(schema.toString()), rows, bytes);
    }

    private static byte[] digestRow(MessageDigest digest, CSVRecord record) {
        digest.reset();
        for (String field : record) {
            byte[] value = field.getBytes(StandardCharsets.UTF_8);
            digest.update(longBytes(value.length));
            digest.update(value);
        }
        return digest.digest();
    }

    /** The narrowest type that fits every value so far: long ⊂ double ⊂ string; boolean ⊂ string. */
    private static String widen(String current, String value) {
        if (value.isEmpty() || "string".equals(current)) {
            return current;
        }
        String type = isLong(value) ? "long" : isDouble(value) ? "double"
                : value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? "boolean" : "string";
        if (current == null || current.equals(type)) {
            return type;
        }
        if ((current.equals("long") && type.equals("double")) || (current.equals("double") && type.equals("long"))) {
            return "double";
        }
        return "string";
    }

    /** Optional sign and 1 to 18 digits (no exception thrown for every text value). */
    private static boolean isLong(String value) {
        int start = value.charAt(0) == '-' || value.charAt(0) == '+' ? 1 : 0;
        int digits = value.length() - start;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Digits with at most one '.', and an optional exponent; checked before parsing. */
    private static boolean isDouble(String value) {
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return false;
            }
        }
        if (!digit) {
            return false;
        }
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code sum += digest} modulo 2^256, on four 64-bit limbs (most significant first). */
    private static void addModulo256(long[] sum, byte[] digest) {
        long carry = 0;
        for (int limb = 3; limb >= 0; limb--) {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[limb * 8 + i] & 0xff);
            }
            long total = sum[limb] + value + carry;
            carry = Long.compareUnsigned(total, sum[limb]) < 0 || (carry == 1 && total == sum[limb]) ? 1 : 0;
            sum[limb] = total;
        }
    }

    private static byte[] toBytes(long[] sum) {
        byte[] bytes = new byte[32];
        for (int limb = 0; limb < 4; limb++) {
            System.arraycopy(longBytes(sum[limb]), 0, bytes, limb * 8, 8);
        }
        return bytes;
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
