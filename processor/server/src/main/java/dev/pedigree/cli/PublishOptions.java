package dev.pedigree.cli;

import dev.pedigree.config.Connections;
import dev.pedigree.connectors.emitter.HttpLineageEmitter;
import dev.pedigree.connectors.emitter.KafkaLineageEmitter;
import dev.pedigree.connectors.emitter.LineageEmitter;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** What every command that publishes events shares: the configuration and how long to wait for Kafka. */
final class PublishOptions {

    @Mixin
    private ConfigOption config;

    @Option(names = "--timeout-ms", description = "how long to wait for the broker and registry "
            + "(default: ${DEFAULT-VALUE})")
    private int timeoutMs = 15_000;

    @Option(names = "--http", paramLabel = "URL", description = "post to Pedigree's HTTP API at URL (e.g. "
            + "http://pedigree:8080) instead of Kafka, for machines that reach Pedigree but not the brokers; the "
            + "bearer token is pedigree.api.token")
    private URI http;

    /**
     * Publishes with an emitter bounded by the timeout; false (after saying why on stderr) when it could not. An
     * event the emitter refuses as invalid is a usage error naming the field.
     */
    boolean publish(CommandLine.Model.CommandSpec spec, Consumer<LineageEmitter> send) {
        if (http != null) {
            return publishOverHttp(spec, send);
        }
        Connections connections = Connections.resolve(config.load());
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connections.bootstrapServers());
        settings.put(SchemaRegistryConfig.URL, connections.schemaRegistryUrl());
        settings.put(SchemaRegistryConfig.REQUEST_TIMEOUT_MS, Integer.toString(Math.min(timeoutMs, 10_000)));
        settings.put(SchemaRegistryConfig.RETRIES, "1");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000));
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return publishWith(new KafkaLineageEmitter(settings), spec, send, emitter -> String.format(
                "could not publish to %s with registry %s within %d ms", connections.bootstrapServers(),
                connections.schemaRegistryUrl(), timeoutMs));
    }

    private boolean publishOverHttp(CommandLine.Model.CommandSpec spec, Consumer<LineageEmitter> send) {
        return publishWith(new HttpLineageEmitter(http, config.load().apiToken(), Duration.ofMillis(timeoutMs)),
                spec, send, emitter -> emitter.failed() + " event(s) not published through " + http);
    }

    /** Sends, flushes and closes; false (saying {@code failure} on stderr) when an event was not delivered. */
    private static boolean publishWith(LineageEmitter emitter, CommandLine.Model.CommandSpec spec,
            Consumer<LineageEmitter> send, Function<LineageEmitter, String> failure) {
        try (emitter) {
            try {
                send.accept(emitter);
            } catch (IllegalArgumentException invalid) {
                throw new CommandLine.ParameterException(spec.commandLine(), invalid.getMessage());
            }
            emitter.flush();
            if (emitter.failed() > 0) {
                spec.commandLine().getErr().printf("pedigree emit: %s (see the log above)%n", failure.apply(emitter));
                return false;
            }
        }
        return true;
    }
}
