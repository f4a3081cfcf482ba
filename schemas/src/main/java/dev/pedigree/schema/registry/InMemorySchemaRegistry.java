package dev.pedigree.schema.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for unit tests: {@code schema.registry.url=mock://SCOPE} gives every client
 * in the JVM that names the same scope the same registry, as Confluent's mock registry does.
 *
 * <p>It follows the real registry's rules: one global id per distinct schema, versions per subject, the
 * subject's compatibility rule (default BACKWARD) enforced on registration with a 409 error.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> compatibilityBySubject = new HashMap<>();
    private CompatibilityLevel defaultCompatibility = CompatibilityLevel.BACKWARD;

    private InMemorySchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry of {@code scope}, created empty on first use. */
    public static InMemorySchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }

    /** Forgets the registry of {@code scope}; the next {@link #forScope} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idsBySchema.get(schema);
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        String problem = compatibility(subject).incompatibility(schema, history(versions));
        if (!problem.isEmpty()) {
            throw new SchemaRegistryException("mock://" + scope + ": schema for subject " + subject
                    + " is incompatible with " + compatibility(subject) + ": " + problem, 409, 409);
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> {
            schemasById.add(s);
            return schemasById.size();
        });
        versions.add(id);
        return id;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        Integer id = idsBySchema.get(schema);
        if (id == null || !versionsBySubject.getOrDefault(subject, List.of()).contains(id)) {
            throw notFound("schema not registered under subject " + subject, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw notFound("no schema with id " + id, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw notFound("no subject " + subject, SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, schemasById.get(id - 1));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        return compatibility(subject).incompatibility(schema, history(versions)).isEmpty();
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        compatibilityBySubject.put(subject, level);
    }

    @Override
    public synchronized void setDefaultCompatibility(CompatibilityLevel level) {
        defaultCompatibility = level;
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return compatibilityBySubject.getOrDefault(subject, defaultCompatibility);
    }

    @Override
    public synchronized List<String> subjects() {
        return versionsBySubject.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private List<Schema> history(List<Integer> versions) {
        return versions.stream().map(id -> schemasById.get(id - 1)).toList();
    }

    private SchemaRegistryException notFound(String message, int errorCode) {
        return new SchemaRegistryException("mock://" + scope + ": " + message, 404, errorCode);
    }
}
