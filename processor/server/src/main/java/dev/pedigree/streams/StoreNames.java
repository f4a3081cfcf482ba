package dev.pedigree.streams;

/** The names of the topology's state stores; their changelogs are {@code <application.id>-<name>-changelog}. */
public final class StoreNames {

    /** Global: every node and edge, on every instance (keys: {@code N|id}, {@code O|from|to}, {@code I|to|from}). */
    public static final String GRAPH = "graph";
    /** Per dataset ({@code namespace/name}): every version observed or referenced. */
    public static final String DATASET_HISTORY = "dataset-history";
    /**
     * Per dataset, beside its history: the first event of each version that carried column profiles, keyed by the
     * version's node id (the drift check's reference, the version and diff routes).
     */
    public static final String DATASET_PROFILES = "dataset-profiles";
    /** Per run id: the run merged from all its events. */
    public static final String RUNS = "runs";
    /** Per {@code name/version}: the model version. */
    public static final String MODEL_VERSIONS = "model-versions";
    /** Per prediction id, windowed by event time so old predictions expire with the retention. */
    public static final String PREDICTIONS = "predictions";
    /** Per prediction partition: usage counted since the last flush, sent on to {@link #PREDICTION_USAGE} in bulk. */
    public static final String PENDING_USAGE = "pending-usage";
    /** Per usage key: predictions served by a model version, or reading a feature version with a model version. */
    public static final String PREDICTION_USAGE = "prediction-usage";

    /** Per dataset partition: alert checks waiting for their grace period ({@code U|version}, {@code I|version|run}). */
    public static final String PENDING_CHECKS = "pending-alert-checks";
    /** Per dataset partition: ids of the alerts already raised, so none is raised twice. */
    public static final String RAISED_ALERTS = "raised-alerts";
    /** Global: every alert, keyed {@code namespace/name|alertId}, on every instance for queries. */
    public static final String ALERTS = "alerts";

    /** Per input partition of each native topic: its audit log ({@link dev.pedigree.audit.AuditLog}). */
    private static final String AUDIT_LOG_PREFIX = "audit-log-";
    /** Global: every signed checkpoint of every audit log, from {@code pedigree.audit}. */
    public static final String AUDIT_CHECKPOINTS = "audit-checkpoints";

    /** The audit-log store of an input topic, e.g. {@code audit-log-predictions} for {@code pedigree.predictions}. */
    public static String auditLog(String topic) {
        return AUDIT_LOG_PREFIX + topic.substring(topic.lastIndexOf('.') + 1);
    }

    private StoreNames() {
    }
}
