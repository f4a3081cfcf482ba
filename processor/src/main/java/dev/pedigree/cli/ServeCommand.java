package dev.pedigree.cli;

import dev.pedigree.config.Connections;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.runtime.EmbeddedRuntime;
import dev.pedigree.runtime.Endpoints;
import dev.pedigree.runtime.TopicProvisioner;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pedigree serve}: runs until interrupted. With {@code --embedded} it brings its own Kafka broker and schema
 * registry and publishes their endpoints in {@code $PEDIGREE_HOME/endpoints.properties}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run Pedigree until interrupted; --embedded brings its own Kafka broker and schema registry.")
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
        CountDownLatch stopped = new CountDownLatch(1);
        if (embedded) {
            EmbeddedRuntime runtime = EmbeddedRuntime.start(settings.home());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                stopped.countDown();
            }, "pedigree-shutdown"));
            out.printf("Embedded runtime ready in %d ms%n", runtime.startupTime().toMillis());
            out.printf("  Kafka bootstrap servers  %s%n", runtime.bootstrapServers());
            out.printf("  Schema registry          %s%n", runtime.schemaRegistryUrl());
            out.printf("  Endpoints file           %s%n", runtime.home().resolve(Endpoints.FILE_NAME));
        } else {
            Connections connections = Connections.resolve(settings);
            out.printf("Using Kafka %s and schema registry %s (from %s)%n", connections.bootstrapServers(),
                    connections.schemaRegistryUrl(), connections.source());
            List<String> created = TopicProvisioner.ensureTopics(connections.bootstrapServers(),
                    settings.kafkaSettings());
            out.printf("Topics ready%s%n", created.isEmpty() ? "" : " (created " + String.join(", ", created) + ")");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "pedigree-shutdown"));
        }
        out.println("Serving; press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
