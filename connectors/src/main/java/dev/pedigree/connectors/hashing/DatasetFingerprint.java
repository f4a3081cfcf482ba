package dev.pedigree.connectors.hashing;

import dev.pedigree.events.ColumnProfile;
import java.util.List;

/**
 * What hashing a dataset found.
 *
 * @param contentHash SHA-256 of the bytes ({@code sha256:…}); for a directory, of its files' paths and hashes
 * @param canonicalHash for CSV, the row-order-independent hash (see {@link CsvCanonicalHash}); otherwise null
 * @param schemaFingerprint for CSV, {@code sha256:} of the columns and their inferred types; otherwise null
 * @param rowCount for CSV, the number of data rows; otherwise null
 * @param bytes how many bytes were read
 * @param columns for CSV, one profile per column (empty when the data could not be profiled: see warnings)
 * @param warnings what the hasher could not do, one sentence each (e.g. not UTF-8, too many columns)
 */
public record DatasetFingerprint(String contentHash, String canonicalHash, String schemaFingerprint, Long rowCount,
        long bytes, List<ColumnProfile> columns, List<String> warnings) {

    /** Bytes only: no canonical hash, schema, rows or profiles. */
    static DatasetFingerprint ofBytes(String contentHash, long bytes, List<String> warnings) {
        return new DatasetFingerprint(contentHash, null, null, null, bytes, List.of(), warnings);
    }

    /** The same fingerprint with the byte hash of what was read. */
    DatasetFingerprint withContentHash(String hash) {
        return new DatasetFingerprint(hash, canonicalHash, schemaFingerprint, rowCount, bytes, columns, warnings);
    }
}
