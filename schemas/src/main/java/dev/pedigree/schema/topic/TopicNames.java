package dev.pedigree.schema.topic;

import java.util.List;

/** The names of the topics of DESIGN's contract: the one place they are spelled. */
public final class TopicNames {

    public static final String DATASETS = "pedigree.datasets";
    public static final String RUNS = "pedigree.runs";
    public static final String MODELS = "pedigree.models";
    public static final String PREDICTIONS = "pedigree.predictions";
    public static final String OPENLINEAGE = "pedigree.openlineage";
    public static final String ALERTS = "pedigree.alerts";
    public static final String DLQ = "pedigree.dlq";
    /** The audit log's signed checkpoints (C2SP tlog-checkpoint notes), keyed by log origin. */
    public static final String AUDIT = "pedigree.audit";

    /** Every public topic, in the order of DESIGN's table. */
    public static final List<String> ALL = List.of(DATASETS, RUNS, MODELS, PREDICTIONS, OPENLINEAGE, ALERTS, DLQ,
            AUDIT);

    private TopicNames() {
    }
}
