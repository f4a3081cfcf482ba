package dev.pedigree.config;

import dev.pedigree.runtime.Endpoints;
import java.util.Optional;

/**
 * Where the Kafka cluster and the schema registry are: from the configuration when it names them, else from the
 * endpoints file of an embedded runtime running in {@code PEDIGREE_HOME}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param schemaRegistryUrl the Confluent-compatible registry URL
 * @param source where they came from, for messages
 */
public record Connections(String bootstrapServers, String schemaRegistryUrl, String source) {

    /**
     * Resolves the connections.
     *
     * @throws IllegalStateException saying what to set when neither the configuration nor a running embedded
     *     runtime names them
     */
    public static Connections resolve(PedigreeConfig config) {
        String bootstrap = config.bootstrapServers();
        String registry = config.schemaRegistryUrl();
        if (bootstrap != null && registry != null) {
            return new Connections(bootstrap, registry, "configuration");
        }
        Optional<Endpoints> embedded = Endpoints.readFrom(config.home());
        if (embedded.isPresent()) {
            Endpoints endpoints = embedded.get();
            return new Connections(bootstrap != null ? bootstrap : endpoints.bootstrapServers(),
                    registry != null ? registry : endpoints.schemaRegistryUrl(),
                    config.home().resolve(Endpoints.FILE_NAME) + " (pid " + endpoints.pid() + ")");
        }
        throw new IllegalStateException("No Kafka cluster or schema registry configured: set "
                + PedigreeConfig.environmentVariable(PedigreeConfig.BOOTSTRAP_SERVERS) + " and "
                + PedigreeConfig.environmentVariable(PedigreeConfig.SCHEMA_REGISTRY_URL)
                + ", or start './pedigree serve --embedded' with the same PEDIGREE_HOME ("
                + config.home().toAbsolutePath().normalize() + ")");
    }
}
