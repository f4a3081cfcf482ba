package dev.pedigree.cli;

import dev.pedigree.config.Connections;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.runtime.Endpoints;
import dev.pedigree.runtime.TopicProvisioner;
import dev.pedigree.server.Closer;
import dev.pedigree.server.LocalCluster;
import dev.pedigree.server.PedigreeServer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pedigree serve}: runs the provenance processor until interrupted. With {@code --embedded} it brings its
 * own Kafka broker and schema registry (from the development launcher's embedded runtime) and publishes their
 * endpoints in {@code $PEDIGREE_HOME/endpoints.properties}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the provenance processor until interrupted; --embedded brings its own Kafka broker and "
                + "schema registry.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    private ConfigOption config;

    @Option(names = "--embedded", description = "Start an in-process Kafka broker and a schema registry in "
            + "PEDIGREE_HOME and write their endpoints to PEDIGREE_HOME/" + Endpoints.FILE_NAME + ".")
    private boolean embedded;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The embedded runtime's factory, or null where this distribution has none (the container image). */
    private final LocalCluster.Factory localClusters;

    ServeCommand(LocalCluster.Factory localClusters) {
        this.localClusters = localClusters;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PedigreeConfig settings = config.load();
        Closer running = new Closer();
        running.closeOnShutdown();
        String bootstrap;
        String registry;
        LocalCluster cluster = null;
        if (embedded) {
            if (localClusters == null) {
                throw new IllegalArgumentException("--embedded needs the development launcher (./pedigree in the "
                        + "source tree); this distribution connects to PEDIGREE_BOOTSTRAP_SERVERS and "
                        + "PEDIGREE_SCHEMA_REGISTRY_URL");
            }
            cluster = running.register(localClusters.start(settings.home()));
            bootstrap = cluster.bootstrapServers();
            registry = cluster.schemaRegistryUrl();
            out.printf("Embedded runtime ready in %d ms%n", cluster.startupTime().toMillis());
            out.printf("  Kafka bootstrap servers  %s%n", bootstrap);
            out.printf("  Schema registry          %s%n", registry);
            out.printf("  Endpoints file           %s%n", cluster.home().resolve(Endpoints.FILE_NAME));
        } else {
            Connections connections = Connections.resolve(settings);
            bootstrap = connections.bootstrapServers();
            registry = connections.schemaRegistryUrl();
            out.printf("Using Kafka %s and schema registry %s (from %s)%n", bootstrap, registry, connections.source());
            List<String> created = TopicProvisioner.ensureTopics(bootstrap, settings);
            out.printf("Topics ready%s%n", created.isEmpty() ? "" : " (created " + String.join(", ", created) + ")");
        }
        out.flush();
        PedigreeServer server;
        try {
            server = running.register(PedigreeServer.start(settings, bootstrap, registry));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        String httpUrl = server.httpUrl();
        if (cluster != null) {
            cluster.publishHttpUrl(httpUrl);
        }
        out.printf("HTTP API                   %s (try %s/health/ready)%n", httpUrl, httpUrl);
        if (server.processor().awaitRunning(Duration.ofMinutes(2))) {
            out.println("Processor running; press Ctrl-C to stop.");
        } else {
            out.printf("Processor not running yet (state %s); see the log.%n", server.processor().state());
        }
        out.flush();
        running.awaitClosed();
        return 0;
    }
}
