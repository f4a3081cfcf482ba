package dev.pedigree.schema.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that Pedigree uses. Subjects follow the TopicNameStrategy:
 * {@code <topic>-key} and {@code <topic>-value}.
 *
 * <p>Implementations cache what cannot change (a schema by id, the id of a registered schema), so the serde's
 * hot path makes no remote call after the first record of each schema. Every failure is a
 * {@link SchemaRegistryException} that says which registry, which request and why.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id {@code schema} already has under {@code subject}; a 404 error when it was never registered. */
    int lookupId(String subject, Schema schema);

    /** The schema with global id {@code id}; a 404 error when no schema has that id. */
    Schema schemaById(int id);

    /** The newest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** Whether {@code schema} may be registered under {@code subject} by the subject's compatibility rule. */
    boolean isCompatible(String subject, Schema schema);

    /** Sets the compatibility rule of {@code subject}. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Sets the registry's default rule, for subjects that have none of their own. */
    void setDefaultCompatibility(CompatibilityLevel level);

    /** The compatibility rule in force for {@code subject} (its own, else the registry's default). */
    CompatibilityLevel compatibility(String subject);

    /** Every subject the registry holds. */
    List<String> subjects();

    @Override
    default void close() {
    }
}
