package dev.pedigree.it;

import dev.pedigree.connectors.emitter.KafkaLineageEmitter;
import dev.pedigree.events.Prediction;
import dev.pedigree.runtime.EmbeddedRuntime;
import dev.pedigree.streams.Pipelines;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;

/**
 * A measurement, not a test: how many predictions per second one {@link KafkaLineageEmitter} publishes to the
 * embedded broker (each with one feature, through the real registry), and how long one call takes.
 */
public final class EmitterThroughput {

    private EmitterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(Files.createTempDirectory("pedigree-emitter"));
             KafkaLineageEmitter emitter = new KafkaLineageEmitter(Map.of(
                     "bootstrap.servers", runtime.bootstrapServers(),
                     "schema.registry.url", runtime.schemaRegistryUrl(),
                     "max.block.ms", 5_000))) {
            String hash = Pipelines.hash("features");
            emitter.prediction(prediction(-1, hash)); // registers the schema
            emitter.flush();
            long start = System.nanoTime();
            long slowestCall = 0;
            for (int i = 0; i < count; i++) {
                long call = System.nanoTime();
                emitter.prediction(prediction(i, hash));
                slowestCall = Math.max(slowestCall, System.nanoTime() - call);
            }
            emitter.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("emitted %,d predictions in %.1f s: %,.0f/s (acks=all, idempotent), slowest call "
                    + "%.1f ms, %d failed%n", count, seconds, count / seconds, slowestCall / 1e6, emitter.failed());
        }
    }

    private static Prediction prediction(int i, String hash) {
        return Pipelines.prediction("p-" + i, "ranker", "1", Instant.now(),
                Pipelines.ref("fs", "user_features", hash));
    }
}
