package dev.pedigree.graph;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Keys of the prediction-usage store, and how they are partitioned: by model version for {@code mv|…} keys, by
 * feature version for {@code fv|…|…} keys, so every model's use of one feature version is in one partition and
 * impact analysis reads it with one prefix scan.
 */
public final class UsageKeys {

    private UsageKeys() {
    }

    /** Predictions served by a model version. */
    public static String modelVersion(String modelVersionId) {
        return "mv|" + modelVersionId;
    }

    /** Predictions served by a model version that read a feature version. */
    public static String featureVersion(String datasetVersionId, String modelVersionId) {
        return "fv|" + datasetVersionId + "|" + modelVersionId;
    }

    /** The prefix of every model version's usage of one feature version. */
    public static String featureVersionPrefix(String datasetVersionId) {
        return "fv|" + datasetVersionId + "|";
    }

    /** The part of a usage key that decides its partition. */
    public static String routingKey(String usageKey) {
        if (usageKey.startsWith("fv|")) {
            int end = usageKey.indexOf('|', 3);
            return end < 0 ? usageKey : usageKey.substring(0, end);
        }
        return usageKey;
    }

    /** The partition of a usage key among {@code partitions}, as the usage repartition topic places it. */
    public static int partition(String usageKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(routingKey(usageKey).getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
