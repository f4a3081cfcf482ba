package dev.pedigree.streams;

/**
 * Names of the topology's own topics. Repartition topics become {@code <application.id>-<name>-repartition}; the
 * graph topic is a compacted topic that feeds the global graph store on every instance.
 */
public final class InternalTopics {

    /** Compacted; keys {@code N|id#writer} and {@code E|from|to#writer}; values GraphEntry. */
    public static final String GRAPH = "pedigree.graph";
    /** Dataset versions named by runs, re-keyed by dataset. */
    public static final String DATASET_REFERENCES = "dataset-references";
    /** One record per prediction and usage key (model version, feature version with model version). */
    public static final String PREDICTION_USAGE = "prediction-usage";

    private InternalTopics() {
    }
}
