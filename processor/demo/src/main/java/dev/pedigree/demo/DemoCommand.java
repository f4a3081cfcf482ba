package dev.pedigree.demo;

import dev.pedigree.cli.ConfigOption;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.connectors.emitter.KafkaLineageEmitter;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.runtime.Folders;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.server.Closer;
import dev.pedigree.server.PedigreeServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pedigree demo}: a fresh embedded runtime in {@code $PEDIGREE_HOME/demo}, the processor and its HTTP API,
 * then the three scenarios of DESIGN run as real pipelines (Tribuo models, hashed CSV files) through the Java
 * emitter, and a report of the answers read back over the HTTP API. It keeps serving until interrupted;
 * {@code --exit} stops after the report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the three scenarios on a fresh embedded runtime (in-process Kafka, real schema registry) "
                + "and print the answers.")
public final class DemoCommand implements Callable<Integer> {

    /** Set by the launcher when it starts, so the time to the report includes building and JVM start. */
    static final String LAUNCHED_AT = "PEDIGREE_LAUNCHED_AT_MS";
    private static final int STEPS = 6;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    @Mixin
    private ConfigOption config;

    @Option(names = "--exit", description = "Stop after the report instead of serving until interrupted.")
    private boolean exit;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Instant started = launchedAt();
        PedigreeConfig base = config.load();
        Path home = base.home().resolve("demo").toAbsolutePath().normalize();
        PedigreeConfig settings = base.with(PedigreeConfig.HOME, home.toString());

        step(out, 1, "Starting the embedded runtime in " + home + " (fresh)");
        Folders.deleteRecursively(home);
        Closer running = new Closer();
        running.closeOnShutdown();
        PedigreeServer instance;
        try {
            EmbeddedRuntime runtime = running.register(EmbeddedRuntime.start(home));
            out.printf("      Kafka broker (KRaft, in-process)  %s%n", runtime.bootstrapServers());
            out.printf("      Schema registry (Apicurio)        %s%n", runtime.schemaRegistryUrl());
            out.printf("      ready in %.1f s%n", runtime.startupTime().toMillis() / 1000.0);

            step(out, 2, "Starting the processor and its HTTP API");
            instance = running.register(PedigreeServer.start(settings, runtime.bootstrapServers(),
                    runtime.schemaRegistryUrl()));
            runtime.publishHttpUrl(instance.httpUrl());
            if (!instance.processor().awaitRunning(Duration.ofMinutes(2))) {
                out.printf("The processor did not start (state %s); see the log.%n", instance.processor().state());
                running.close();
                return 1;
            }
            out.printf("      HTTP API %s%n", instance.httpUrl());
            report(out, home, runtime, instance, started);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        if (exit) {
            running.close();
            out.flush();
            return 0;
        }
        out.printf("%nServing until interrupted (Ctrl-C). Explore:%n");
        out.printf("  curl -s %s/v1/alerts%n", instance.httpUrl());
        out.printf("  curl -s %s/v1/openapi.json%n", instance.httpUrl());
        out.printf("  In another terminal: PEDIGREE_HOME=%s ./pedigree alerts tail%n", home);
        out.flush();
        running.awaitClosed();
        return 0;
    }

    /** Runs the three scenarios through the emitter and prints the answers read back over the HTTP API. */
    private static void report(PrintWriter out, Path home, EmbeddedRuntime runtime, PedigreeServer instance,
            Instant started) throws InterruptedException {
        ApiClient api = new ApiClient(instance.httpUrl());
        DemoNames names = DemoNames.plain();
        try (KafkaLineageEmitter emitter = new KafkaLineageEmitter(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                SchemaRegistryConfig.URL, runtime.schemaRegistryUrl(),
                ProducerConfig.CLIENT_ID_CONFIG, "pedigree-demo",
                // The demo publishes thousands of predictions in a burst; it may wait for buffer space.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000))) {
            LineageRecorder recorder = new LineageRecorder(emitter);
            DemoContext context = new DemoContext(recorder, home.resolve("data"), names,
                    line -> out.printf("      %s%n", line));
            step(out, 3, "Scenario 1: churn pipeline, then its source CSV is overwritten");
            ChurnScenario.Outcome churn = ChurnScenario.run(context);
            step(out, 4, "Scenario 2: experiments on data subsets and feature steps");
            ExperimentsScenario.Outcome experiments = ExperimentsScenario.run(context);
            step(out, 5, "Scenario 3: user features, product embeddings and ranking models serving");
            RankingScenario.Outcome ranking = RankingScenario.run(context);
            emitter.flush();
            LineageRecorder.Expectations expected = recorder.expectations();
            step(out, 6, String.format("Waiting until the API shows all %d nodes and %d predictions",
                    expected.nodes().size(), expected.predictionsByModelVersion().values().stream()
                            .mapToLong(Long::longValue).sum()));
            api.awaitCaughtUp(expected, CATCH_UP, line -> {
                out.printf("      %s%n", line);
                out.flush();
            });
            new DemoReport(api, out).print(names, churn, experiments, ranking);
        }
        out.printf("%nReport ready %.1f s after the command started.%n",
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    private static void step(PrintWriter out, int number, String what) {
        out.printf("[%d/%d] %s …%n", number, STEPS, what);
        out.flush();
    }

    private static Instant launchedAt() {
        String launched = System.getenv(LAUNCHED_AT);
        if (launched != null && launched.matches("\\d{10,16}")) {
            return Instant.ofEpochMilli(Long.parseLong(launched));
        }
        return ProcessHandle.current().info().startInstant().orElse(Instant.now());
    }
}
