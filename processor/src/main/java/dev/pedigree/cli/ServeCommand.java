package dev.pedigree.cli;

import dev.pedigree.config.Connections;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.runtime.EmbeddedRuntime;
import dev.pedigree.runtime.Endpoints;
import dev.pedigree.runtime.TopicProvisioner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pedigree serve}: runs the provenance processor until interrupted. With {@code --embedded} it brings its
 * own Kafka broker and schema registry and publishes their endpoints in {@code $PEDIGREE_HOME/endpoints.properties}.
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

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PedigreeConfig settings = config.load();
        EmbeddedRuntime runtime = null;
        String bootstrap;
        String registry;
        if (embedded) {
            runtime = EmbeddedRuntime.start(settings.home());
            bootstrap = runtime.bootstrapServers();
            registry = runtime.schemaRegistryUrl();
            out.printf("Embedded runtime ready in %d ms%n", runtime.startupTime().toMillis());
            out.printf("  Kafka bootstrap servers  %s%n", bootstrap);
            out.printf("  Schema registry          %s%n", registry);
            out.printf("  Endpoints file           %s%n", runtime.home().resolve(Endpoints.FILE_NAME));
        } else {
            Connections connections = Connections.resolve(settings);
            bootstrap = connections.bootstrapServers();
            registry = connections.schemaRegistryUrl();
            out.printf("Using Kafka %s and schema registry %s (from %s)%n", bootstrap, registry, connections.source());
            List<String> created = TopicProvisioner.ensureTopics(bootstrap, settings.kafkaSettings());
            out.printf("Topics ready%s%n", created.isEmpty() ? "" : " (created " + String.join(", ", created) + ")");
        }
        out.flush();
        RunningInstance instance = RunningInstance.start(settings, bootstrap, registry);
        String httpUrl = instance.httpUrl();
        if (runtime != null) {
            runtime.publishHttpUrl(httpUrl);
        }
        out.printf("HTTP API                   %s (try %s/health/ready)%n", httpUrl, httpUrl);
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedRuntime ownedRuntime = runtime;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            instance.close();
            if (ownedRuntime != null) {
                ownedRuntime.close();
            }
            stopped.countDown();
        }, "pedigree-shutdown"));
        if (instance.processor().awaitRunning(Duration.ofMinutes(2))) {
            out.println("Processor running; press Ctrl-C to stop.");
        } else {
            out.printf("Processor not running yet (state %s); see the log.%n", instance.processor().state());
        }
        out.flush();
        stopped.await();
        return 0;
    }
}
