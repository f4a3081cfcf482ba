package dev.pedigree.schema.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The Confluent compatibility rules, decided with Avro's own {@link SchemaCompatibility}.
 *
 * <p>BACKWARD: a reader with the new schema reads data written with the previous one (consumers upgrade first).
 * FORWARD: the reverse. FULL: both. The {@code _TRANSITIVE} variants check every earlier version, not only the
 * latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /**
     * Whether {@code candidate} may follow {@code history} (oldest first) under this rule.
     *
     * @return an empty string when compatible, else a description of the first incompatibility
     */
    public String incompatibility(Schema candidate, List<Schema> history) {
        List<Schema> checked = transitive || history.isEmpty() ? history : List.of(history.get(history.size() - 1));
        for (Schema previous : checked) {
            if (newReadsOld) {
                String problem = check(candidate, previous);
                if (!problem.isEmpty()) {
                    return "the new schema cannot read data written with an earlier one: " + problem;
                }
            }
            if (oldReadsNew) {
                String problem = check(previous, candidate);
                if (!problem.isEmpty()) {
                    return "an earlier schema cannot read data written with the new one: " + problem;
                }
            }
        }
        return "";
    }

    private static String check(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return "";
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .reduce((a, b) -> a + "; " + b)
                .orElse(result.getDescription());
    }
}
