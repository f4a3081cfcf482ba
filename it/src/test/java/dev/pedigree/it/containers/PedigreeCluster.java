package dev.pedigree.it.containers;

import dev.pedigree.embedded.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * What a user deploys, as containers of the images this build made: one KRaft Kafka broker, the schema registry and
 * two Pedigree instances sharing one application id, all on the host network and 127.0.0.1 ports. The containers'
 * logs are written to {@code it/target/containers/} when the cluster closes.
 */
final class PedigreeCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PedigreeCluster.class);
    private static final Path LOGS = Path.of("target", "containers").toAbsolutePath();

    private final GenericContainer<?> broker;
    private final GenericContainer<?> registry;
    private final List<PedigreeContainer> instances;
    private final String bootstrapServers;
    private final String registryUrl;

    private PedigreeCluster() {
        int kafkaPort = FreePort.find();
        int controllerPort = FreePort.find();
        int registryPort = FreePort.find();
        bootstrapServers = "127.0.0.1:" + kafkaPort;
        registryUrl = "http://127.0.0.1:" + registryPort + "/apis/ccompat/v7";
        broker = new GenericContainer<>(DockerImageName.parse(image("kafka", "pedigree-kafka:4.4.0")))
                .withNetworkMode("host")
                .withCreateContainerCmdModifier(cmd -> cmd.withName("pedigree-it-kafka-" + kafkaPort))
                .withEnv("KAFKA_LISTENERS", "PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort)
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        registry = new GenericContainer<>(DockerImageName.parse(image("registry", "pedigree-registry:3.0.9")))
                .withNetworkMode("host")
                .withCreateContainerCmdModifier(cmd -> cmd.withName("pedigree-it-registry-" + registryPort))
                .withEnv("QUARKUS_HTTP_HOST", "127.0.0.1")
                .withEnv("QUARKUS_HTTP_PORT", Integer.toString(registryPort))
                .waitingFor(Wait.forLogMessage(".*Listening on.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
        String pedigreeImage = image(null, "pedigree:0.1.0-SNAPSHOT");
        instances = List.of("a", "b").stream().map(suffix -> {
            int port = FreePort.find();
            return new PedigreeContainer(pedigreeImage, "pedigree-it-" + suffix + "-" + port, port,
                    bootstrapServers, registryUrl);
        }).toList();
    }

    /** Starts the broker and the registry, then both instances (in parallel, as an orchestrator would). */
    static PedigreeCluster start() {
        PedigreeCluster cluster = new PedigreeCluster();
        long started = System.nanoTime();
        try {
            cluster.broker.start();
            cluster.registry.start();
            cluster.instances.parallelStream().forEach(PedigreeContainer::start);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        log.info("Cluster up in {} ms: Kafka {}, registry {}, Pedigree {} and {}",
                (System.nanoTime() - started) / 1_000_000, cluster.bootstrapServers, cluster.registryUrl,
                cluster.instances.get(0).url(), cluster.instances.get(1).url());
        return cluster;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String registryUrl() {
        return registryUrl;
    }

    PedigreeContainer instance(int index) {
        return instances.get(index);
    }

    List<PedigreeContainer> instances() {
        return instances;
    }

    GenericContainer<?> broker() {
        return broker;
    }

    /** {@code docker kill} (SIGKILL): the process gets no chance to commit, flush or leave its group. */
    static void kill(GenericContainer<?> container) {
        DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).exec();
    }

    /** {@code docker start} of a stopped container: same file system and state volume, same configuration. */
    static void restart(GenericContainer<?> container) {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    }

    static void pause(GenericContainer<?> container) {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    static void unpause(GenericContainer<?> container) {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void close() {
        for (PedigreeContainer instance : instances) {
            stop(instance);
        }
        stop(registry);
        stop(broker);
    }

    private static void stop(GenericContainer<?> container) {
        if (container.getContainerId() != null) {
            String name = container.getContainerName().replaceFirst("^/", "");
            try {
                Files.createDirectories(LOGS);
                Files.writeString(LOGS.resolve(name + ".log"), container.getLogs());
            } catch (IOException | RuntimeException e) {
                log.warn("Could not save the logs of {}: {}", name, e.toString());
            }
        }
        container.stop();
    }

    /** The image for a part: -Dpedigree.it.{part}.image (-Dpedigree.it.image for Pedigree), set by it/pom.xml. */
    private static String image(String part, String fallback) {
        return System.getProperty(part == null ? "pedigree.it.image" : "pedigree.it." + part + ".image", fallback);
    }
}
