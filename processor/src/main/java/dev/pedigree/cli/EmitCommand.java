package dev.pedigree.cli;

import dev.pedigree.config.Connections;
import dev.pedigree.connectors.emitter.KafkaLineageEmitter;
import dev.pedigree.connectors.hashing.DatasetFingerprint;
import dev.pedigree.connectors.hashing.DatasetHasher;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.schema.ContentHash;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pedigree emit}: publishes lineage events from the command line. */
@Command(name = "emit", mixinStandardHelpOptions = true, description = "Publish lineage events.",
        subcommands = EmitCommand.Dataset.class)
final class EmitCommand implements Runnable {

    static final String PRODUCER = "https://github.com/pedigree/pedigree/cli";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "dataset", mixinStandardHelpOptions = true,
            description = "Hash a file or directory (SHA-256; CSV also gets a row-order-independent canonical hash, "
                    + "a schema fingerprint and a row count) and publish a DatasetVersion.")
    static final class Dataset implements Callable<Integer> {

        @Mixin
        private ConfigOption config;

        @Option(names = "--namespace", required = true, description = "e.g. file:///data or s3://bucket")
        private String namespace;

        @Option(names = "--name", required = true, description = "the dataset's name in its namespace")
        private String name;

        @Option(names = "--file", required = true, description = "the file or directory to hash")
        private Path file;

        @Option(names = "--label", description = "a version label: partition, revision, file name…")
        private String label;

        @Option(names = "--run-id", description = "the run that wrote this content")
        private String runId;

        @Option(names = "--timeout-ms", description = "how long to wait for the broker and registry "
                + "(default: ${DEFAULT-VALUE})")
        private int timeoutMs = 15_000;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Connections connections = Connections.resolve(config.load());
            DatasetFingerprint fingerprint = DatasetHasher.hash(file);
            DatasetVersion event = DatasetVersion.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setEventTime(Instant.now())
                    .setProducer(PRODUCER)
                    .setDataset(new DatasetId(namespace, name))
                    .setContentHash(fingerprint.contentHash())
                    .setVersionLabel(label)
                    .setSchemaFingerprint(fingerprint.schemaFingerprint())
                    .setRowCount(fingerprint.rowCount())
                    .setProducedByRunId(runId)
                    .setFacets(fingerprint.canonicalHash() == null ? Map.of()
                            : Map.of("pedigree.canonicalHash", fingerprint.canonicalHash()))
                    .build();
            Map<String, Object> settings = new HashMap<>();
            settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connections.bootstrapServers());
            settings.put(SchemaRegistryConfig.URL, connections.schemaRegistryUrl());
            settings.put(SchemaRegistryConfig.REQUEST_TIMEOUT_MS, Integer.toString(Math.min(timeoutMs, 10_000)));
            settings.put(SchemaRegistryConfig.RETRIES, "1");
            settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
            settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000));
            settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            try (KafkaLineageEmitter emitter = new KafkaLineageEmitter(settings)) {
                emitter.datasetVersion(event);
                emitter.flush();
                if (emitter.failed() > 0) {
                    spec.commandLine().getErr().printf("pedigree emit dataset: could not publish to %s with registry "
                            + "%s within %d ms (see the log above)%n", connections.bootstrapServers(),
                            connections.schemaRegistryUrl(), timeoutMs);
                    return 1;
                }
            }
            out.printf("emitted DatasetVersion %s/%s %s (%,d bytes%s) eventId %s%n", namespace, name,
                    fingerprint.contentHash(), fingerprint.bytes(), fingerprint.rowCount() == null ? ""
                            : ", " + fingerprint.rowCount() + " rows, canonical "
                                    + ContentHash.abbreviate(fingerprint.canonicalHash(), "-"),
                    event.getEventId());
            return 0;
        }
    }
}
