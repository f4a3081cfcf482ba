package dev.pedigree.cli;

import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.demo.RoundTripDemo;
import dev.pedigree.runtime.EmbeddedRuntime;
import dev.pedigree.runtime.Folders;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pedigree demo}: starts a fresh embedded runtime in {@code $PEDIGREE_HOME/demo}, publishes one event of
 * each type through the real registry, reads them back, prints what it did, and keeps serving until interrupted
 * ({@code --exit} stops after the report).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the demo on a fresh embedded runtime (in-process Kafka, real schema registry).")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    private ConfigOption config;

    @Option(names = "--exit", description = "Stop after the report instead of serving until interrupted.")
    private boolean exit;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        PedigreeConfig settings = config.load();
        Path home = settings.home().resolve("demo");

        out.printf("[1/3] Starting the embedded runtime in %s (fresh) …%n", home.toAbsolutePath().normalize());
        out.flush();
        Folders.deleteRecursively(home);
        EmbeddedRuntime runtime = EmbeddedRuntime.start(home);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "pedigree-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        out.printf("      Kafka broker (KRaft, in-process)  %s%n", runtime.bootstrapServers());
        out.printf("      Schema registry (Apicurio)        %s%n", runtime.schemaRegistryUrl());
        out.printf("      ready in %.1f s%n", runtime.startupTime().toMillis() / 1000.0);

        int equal;
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())))) {
            out.printf("[2/3] Publishing one event of each type with the Avro serde …%n");
            out.flush();
            RoundTripDemo demo = new RoundTripDemo(runtime.bootstrapServers(), registry, out);
            out.printf("[3/3] Reading them back (read_committed) …%n");
            equal = demo.run();
            out.printf("%nRead back %d of %d events, each decoded through schema ids the registry assigned.%n",
                    equal, RoundTripDemo.eventCount());
            out.printf("Registry subjects: %s%n", registry.subjects());
        }
        out.printf("Demo finished in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        int status = equal == RoundTripDemo.eventCount() ? 0 : 1;
        if (exit) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            runtime.close();
            out.flush();
            return status;
        }
        out.printf("%nServing until interrupted (Ctrl-C). In another terminal, with PEDIGREE_HOME=%s:%n",
                settings.home().resolve("demo"));
        out.printf("  kafka clients: bootstrap.servers=%s  schema.registry.url=%s%n", runtime.bootstrapServers(),
                runtime.schemaRegistryUrl());
        out.printf("  curl %s/subjects%n", runtime.schemaRegistryUrl());
        out.flush();
        stopped.await();
        return status;
    }
}
