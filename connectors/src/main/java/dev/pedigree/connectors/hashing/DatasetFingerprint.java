package dev.pedigree.connectors.hashing;

/**
 * What hashing a dataset found.
 *
 * @param contentHash SHA-256 of the bytes ({@code sha256:…}); for a directory, of its files' paths and hashes
 * @param canonicalHash for CSV, the row-order-independent hash (see {@link CsvCanonicalHash}); otherwise null
 * @param schemaFingerprint for CSV, {@code sha256:} of the columns and their inferred types; otherwise null
 * @param rowCount for CSV, the number of data rows; otherwise null
 * @param bytes how many bytes were read
 */
public record DatasetFingerprint(String contentHash, String canonicalHash, String schemaFingerprint, Long rowCount,
        long bytes) {
}
