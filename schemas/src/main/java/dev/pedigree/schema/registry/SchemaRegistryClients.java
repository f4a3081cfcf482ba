package dev.pedigree.schema.registry;

import java.util.List;
import java.util.Map;

/** Creates the right client for a configuration: in-memory for {@code mock://} URLs, REST otherwise. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient create(Map<?, ?> config) {
        return create(new SchemaRegistryConfig(config));
    }

    public static SchemaRegistryClient create(SchemaRegistryConfig config) {
        List<String> urls = config.urls();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(SchemaRegistryConfig.URL + " must name at least one registry URL");
        }
        String first = urls.get(0);
        if (first.startsWith(SchemaRegistryConfig.MOCK_SCHEME)) {
            if (urls.size() > 1) {
                throw new IllegalArgumentException(SchemaRegistryConfig.URL + ": a mock:// URL must stand alone");
            }
            return InMemorySchemaRegistry.forScope(first.substring(SchemaRegistryConfig.MOCK_SCHEME.length()));
        }
        return new RestSchemaRegistryClient(config);
    }
}
