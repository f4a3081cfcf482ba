package dev.pedigree.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A Kafka broker and schema registry on this machine, for {@code serve --embedded} and the demo. The production
 * server does not carry one: the development launcher ({@code ./pedigree}) passes the embedded runtime's factory
 * to the command line, and the container image has none.
 */
public interface LocalCluster extends AutoCloseable {

    String bootstrapServers();

    String schemaRegistryUrl();

    /** The folder holding its data and {@code endpoints.properties}. */
    Path home();

    Duration startupTime();

    /** Adds the HTTP API's address to the endpoints file, so other commands find it. */
    void publishHttpUrl(String httpUrl);

    @Override
    void close();

    /** Starts a local cluster in a home folder. */
    @FunctionalInterface
    interface Factory {
        LocalCluster start(Path home);
    }
}
