package dev.pedigree.profiles;

import java.util.Map;

/**
 * When a new version of a dataset has drifted: a column's PSI at or above the dataset's threshold (WARNING),
 * at or above {@code critical} (CRITICAL), its share of nulls moved by {@value ColumnDiff#NULL_FRACTION_CHANGE} or
 * more, or its type changed. Each dataset ({@code namespace/name}) may have its own threshold, and a reference
 * version (a content hash) that new versions are compared with instead of the version before them.
 */
public record DriftSettings(double threshold, double critical, Map<String, Double> thresholds,
        Map<String, String> references) {

    /** DESIGN's defaults: PSI 0.25 is drift, 1.0 is critical. */
    public static final DriftSettings DEFAULTS = new DriftSettings(0.25, 1.0, Map.of(), Map.of());

    public DriftSettings {
        thresholds = Map.copyOf(thresholds);
        references = Map.copyOf(references);
    }

    /** The threshold of {@code dataset} ({@code namespace/name}). */
    public double thresholdOf(String dataset) {
        return thresholds.getOrDefault(dataset, threshold);
    }

    /** The pinned reference version of {@code dataset}, or null to compare with the version before. */
    public String referenceOf(String dataset) {
        return references.get(dataset);
    }
}
