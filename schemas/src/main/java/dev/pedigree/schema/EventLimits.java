package dev.pedigree.schema;

/**
 * Budgets on the size of one event that the contract leaves to the operator: an event over them is invalid (400
 * over HTTP, the dead-letter topic from Kafka), like an event that breaks a rule.
 *
 * @param maxColumnReferences output and input columns one run may name in its column lineage, in all
 */
public record EventLimits(int maxColumnReferences) {

    /** The default budget of column references per run. */
    public static final int DEFAULT_MAX_COLUMN_REFERENCES = 10_000;

    /** The defaults, for clients and tools that are not configured otherwise. */
    public static final EventLimits DEFAULT = new EventLimits(DEFAULT_MAX_COLUMN_REFERENCES);

    public EventLimits {
        if (maxColumnReferences < 1) {
            throw new IllegalArgumentException("maxColumnReferences must be at least 1, got " + maxColumnReferences);
        }
    }
}
