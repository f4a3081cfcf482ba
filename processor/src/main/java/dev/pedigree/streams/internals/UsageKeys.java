package dev.pedigree.streams.internals;

/** Keys of the prediction-usage store. */
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
}
