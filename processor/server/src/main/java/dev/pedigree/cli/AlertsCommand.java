package dev.pedigree.cli;

import dev.pedigree.schema.ContentHash;
import dev.pedigree.config.Connections;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Severity;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.topic.TopicNames;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pedigree alerts tail}: follows {@code pedigree.alerts} and prints one line per alert. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Work with lineage alerts.",
        subcommands = AlertsCommand.Tail.class)
final class AlertsCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Follow pedigree.alerts (committed alerts only) and print each as one line.")
    static final class Tail implements Callable<Integer> {

        @Mixin
        private ConfigOption config;

        @Option(names = "--since", paramLabel = "DURATION", description = "Also print alerts of the last DURATION "
                + "(e.g. 30s, 10m, 2h, 7d); default: only new ones.")
        private String since;

        @Option(names = "--severity", paramLabel = "S", description = "Only alerts at least this severe: "
                + "INFO, WARNING, CRITICAL.")
        private Severity severity = Severity.INFO;

        @Option(names = "--dataset", paramLabel = "NAMESPACE/NAME", description = "Only alerts about this dataset.")
        private String dataset;

        @Option(names = "--limit", paramLabel = "N", description = "Stop after N alerts (default: follow until "
                + "interrupted).")
        private long limit = Long.MAX_VALUE;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Duration lookBack;
            try {
                lookBack = since == null ? Duration.ZERO : parse(since);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Connections connections = Connections.resolve(config.load());
            Map<String, Object> settings = new HashMap<>();
            settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connections.bootstrapServers());
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                    Map.of(SchemaRegistryConfig.URL, connections.schemaRegistryUrl())));
                 KafkaConsumer<String, LineageAlert> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                         new SpecificAvroDeserializer<>(LineageAlert.class, registry))) {
                List<TopicPartition> partitions = consumer.partitionsFor(TopicNames.ALERTS, Duration.ofSeconds(30))
                        .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                seek(consumer, partitions, Instant.now().minus(lookBack));
                AtomicBoolean running = new AtomicBoolean(true);
                Thread main = Thread.currentThread();
                Thread hook = new Thread(() -> {
                    running.set(false);
                    consumer.wakeup();
                    try {
                        main.join(5_000);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                });
                Runtime.getRuntime().addShutdownHook(hook);
                out.printf("Following %s on %s (severity ≥ %s)%n", TopicNames.ALERTS, connections.bootstrapServers(),
                        severity);
                out.flush();
                long printed = 0;
                try {
                    while (running.get() && printed < limit) {
                        for (ConsumerRecord<String, LineageAlert> record : consumer.poll(Duration.ofMillis(500))) {
                            LineageAlert alert = record.value();
                            if (alert != null && alert.getSeverity().ordinal() >= severity.ordinal() && printed < limit
                                    && (dataset == null || dataset.equals(record.key()))) {
                                out.println(line(alert));
                                printed++;
                            }
                        }
                        out.flush();
                    }
                } catch (WakeupException stopping) {
                    // interrupted
                }
                if (printed >= limit) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            }
            return 0;
        }

        private static void seek(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Instant from) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
            }
        }

        /** {@code time severity type namespace/name [label] old → new, N affected: message}. */
        static String line(LineageAlert alert) {
            return String.format("%s %-8s %-21s %s/%s%s %s → %s, %d affected: %s", alert.getDetectedAt(),
                    alert.getSeverity(), alert.getType(), alert.getDataset().getNamespace(),
                    alert.getDataset().getName(), alert.getVersionLabel() == null ? "" : " [" + alert.getVersionLabel()
                            + "]", ContentHash.abbreviate(alert.getExpectedHash(), "-"), ContentHash.abbreviate(alert.getObservedHash(), "-"),
                    alert.getAffected().size(), alert.getMessage());
        }


        static Duration parse(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "--since must be a number and a unit s, m, h or d (e.g. 10m), got '" + text + "'");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }
}
