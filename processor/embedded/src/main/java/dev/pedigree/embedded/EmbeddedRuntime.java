package dev.pedigree.embedded;

import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.runtime.Endpoints;
import dev.pedigree.runtime.TopicProvisioner;
import dev.pedigree.schema.registry.CompatibilityLevel;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.server.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Pedigree needs on one machine with only a JDK: a Kafka broker in this JVM and a real schema
 * registry beside it, with DESIGN's topics created and the endpoints written to
 * {@code $PEDIGREE_HOME/endpoints.properties}.
 *
 * <p>Layout of the home folder: {@code kafka/} (broker data), {@code registry/} (registry data and log),
 * {@code endpoints.properties} (while running), {@code runtime.lock}. Closing stops both services and removes the
 * endpoints file; the data stays for the next start.
 */
public final class EmbeddedRuntime implements LocalCluster {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRuntime.class);

    private final Path home;
    private final HomeLock lock;
    private final EmbeddedSchemaRegistry registry;
    private final EmbeddedKafkaBroker broker;
    private final Duration startupTime;
    private boolean closed;

    private EmbeddedRuntime(Path home, HomeLock lock, EmbeddedSchemaRegistry registry, EmbeddedKafkaBroker broker,
            Duration startupTime) {
        this.home = home;
        this.lock = lock;
        this.registry = registry;
        this.broker = broker;
        this.startupTime = startupTime;
    }

    /** Starts the broker and the registry in {@code home} (created if missing) and waits until both serve. */
    public static EmbeddedRuntime start(Path home) {
        long started = System.nanoTime();
        Path absoluteHome = home.toAbsolutePath().normalize();
        HomeLock lock = HomeLock.acquire(absoluteHome);
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(absoluteHome.resolve("registry"));
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(absoluteHome.resolve("kafka"));
        try {
            registry.launch(); // a separate JVM: it starts while the broker starts here
            broker.start();
            // With the default settings (retention and all); serve --embedded applies its own on an existing home.
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), PedigreeConfig.load(null, Map.of()));
            registry.awaitReady();
            setBackwardCompatibility(registry.url());
        } catch (RuntimeException e) {
            registry.close();
            broker.close();
            lock.close();
            throw e;
        }
        EmbeddedRuntime runtime = new EmbeddedRuntime(absoluteHome, lock, registry, broker,
                Duration.ofNanos(System.nanoTime() - started));
        runtime.endpoints(null).writeTo(absoluteHome);
        log.info("Embedded runtime ready in {} ms: Kafka {}, schema registry {}", runtime.startupTime.toMillis(),
                broker.bootstrapServers(), registry.url());
        return runtime;
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public Path home() {
        return home;
    }

    /** How long {@link #start} took. */
    @Override
    public Duration startupTime() {
        return startupTime;
    }

    /** The endpoints of this runtime, with the HTTP API's URL when one is served. */
    public Endpoints endpoints(String httpUrl) {
        return new Endpoints(bootstrapServers(), schemaRegistryUrl(), httpUrl, ProcessHandle.current().pid());
    }

    /** Publishes {@code httpUrl} in the endpoints file once the HTTP API serves. */
    @Override
    public void publishHttpUrl(String httpUrl) {
        endpoints(httpUrl).writeTo(home);
    }

    /** Apicurio defaults to NONE; Pedigree's contract is BACKWARD, as Confluent's registry defaults to. */
    private static void setBackwardCompatibility(String registryUrl) {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                new SchemaRegistryConfig(Map.of(SchemaRegistryConfig.URL, registryUrl)))) {
            client.setDefaultCompatibility(CompatibilityLevel.BACKWARD);
        }
    }

    /** Stops the registry and the broker and removes the endpoints file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Endpoints.deleteFrom(home);
        registry.close();
        broker.close();
        lock.close();
        log.info("Embedded runtime stopped; data kept in {}", home);
    }
}
