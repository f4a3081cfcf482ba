package dev.pedigree.it.containers;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One Pedigree instance from the image Jib built ({@code serve}), on the host network so that it listens on
 * 127.0.0.1 only and advertises 127.0.0.1:{@code httpPort} to the other instances for routing.
 */
final class PedigreeContainer extends GenericContainer<PedigreeContainer> {

    private final int httpPort;

    PedigreeContainer(String image, String name, int httpPort, String bootstrapServers, String registryUrl) {
        super(DockerImageName.parse(image));
        this.httpPort = httpPort;
        withNetworkMode("host");
        withCreateContainerCmdModifier(cmd -> cmd.withName(name));
        withEnv("PEDIGREE_BOOTSTRAP_SERVERS", bootstrapServers);
        withEnv("PEDIGREE_SCHEMA_REGISTRY_URL", registryUrl);
        withEnv("PEDIGREE_HTTP_HOST", "127.0.0.1");
        withEnv("PEDIGREE_HTTP_PORT", Integer.toString(httpPort));
        withEnv("PEDIGREE_HTTP_ADVERTISED_HOST", "127.0.0.1");
        // As in deploy/kubernetes: a warm copy of each store on the other instance.
        withEnv("PEDIGREE_KAFKA_NUM_STANDBY_REPLICAS", "1");
        withEnv("JAVA_TOOL_OPTIONS", "-Xmx512m");
        waitingFor(Wait.forLogMessage(".*Processor running.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
    }

    int httpPort() {
        return httpPort;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }
}
