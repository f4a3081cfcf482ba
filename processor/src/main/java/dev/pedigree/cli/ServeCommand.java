package dev.pedigree.cli;

import dev.pedigree.alerts.AlertWebhook;
import dev.pedigree.config.Connections;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.http.HttpApi;
import dev.pedigree.runtime.EmbeddedRuntime;
import dev.pedigree.runtime.Endpoints;
import dev.pedigree.runtime.TopicProvisioner;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.streams.PedigreeProcessor;
import dev.pedigree.streams.StreamsSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
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
        HttpApi api = HttpApi.start(settings);
        PedigreeProcessor processor = PedigreeProcessor.start(settings, bootstrap, registry,
                settings.home().resolve("state"), api.advertisedServer());
        Map<String, Object> producerConfig = new HashMap<>(settings.kafkaSettings());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "pedigree-http-events");
        KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new SpecificAvroSerializer<>(processor.registry()));
        api.attach(processor.streams(), producer);
        AlertWebhook webhook = settings.alertWebhookUrls().isEmpty() ? null
                : AlertWebhook.start(settings.alertWebhookUrls(), bootstrap, settings.kafkaSettings()
                        .getOrDefault("application.id", StreamsSettings.DEFAULT_APPLICATION_ID), processor.registry(),
                        settings.kafkaSettings());
        if (webhook != null) {
            api.metrics().gauge("pedigree.alert.webhook.delivered", "alerts delivered to every webhook",
                    webhook::delivered);
            api.metrics().gauge("pedigree.alert.webhook.failed", "webhook deliveries that failed after retries",
                    webhook::failed);
        }
        String httpUrl = "http://" + api.advertisedServer();
        if (runtime != null) {
            runtime.publishHttpUrl(httpUrl);
        }
        out.printf("HTTP API                   %s (try %s/health/ready)%n", httpUrl, httpUrl);
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedRuntime ownedRuntime = runtime;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            if (webhook != null) {
                webhook.close();
            }
            producer.close(Duration.ofSeconds(10));
            processor.close();
            if (ownedRuntime != null) {
                ownedRuntime.close();
            }
            stopped.countDown();
        }, "pedigree-shutdown"));
        if (processor.awaitRunning(Duration.ofMinutes(2))) {
            out.println("Processor running; press Ctrl-C to stop.");
        } else {
            out.printf("Processor not running yet (state %s); see the log.%n", processor.state());
        }
        out.flush();
        stopped.await();
        return 0;
    }
}
