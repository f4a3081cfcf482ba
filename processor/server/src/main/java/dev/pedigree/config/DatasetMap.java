package dev.pedigree.config;

import dev.pedigree.schema.ContentHash;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A setting that maps datasets to values: {@code namespace/name=value,…}. The value follows the last '=', so a
 * namespace such as {@code s3://bucket} is fine. Checked when the configuration loads: a number, or (for
 * references) a {@code sha256:} content hash.
 */
final class DatasetMap implements ConfigDef.Validator {

    private final boolean hashes;

    DatasetMap(boolean hashes) {
        this.hashes = hashes;
    }

    static Map<String, String> entries(List<String> items) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.lastIndexOf('=');
            entries.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return entries;
    }

    @Override
    public void ensureValid(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> items = (List<String>) value;
        for (String item : items) {
            int eq = item.lastIndexOf('=');
            if (eq <= 0 || !item.substring(0, eq).contains("/")) {
                throw new ConfigException(name, item, "expected namespace/name=" + (hashes ? "sha256:…" : "number"));
            }
            String setting = item.substring(eq + 1).trim();
            if (hashes && !ContentHash.isValid(setting)) {
                throw new ConfigException(name, item, "the reference must be 'sha256:' and 64 lowercase hex digits");
            }
            if (!hashes) {
                try {
                    if (Double.parseDouble(setting) < 0) {
                        throw new ConfigException(name, item, "a threshold is at least 0");
                    }
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, item, "the threshold must be a number");
                }
            }
        }
    }

    @Override
    public String toString() {
        return hashes ? "namespace/name=sha256:…,…" : "namespace/name=number,…";
    }
}
