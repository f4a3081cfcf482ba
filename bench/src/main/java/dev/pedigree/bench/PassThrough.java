package dev.pedigree.bench;

import dev.pedigree.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The ingest baseline: a plain Kafka Streams application that copies a topic's records, bytes in, bytes out, with
 * the same guarantee (exactly_once_v2) and commit interval as Pedigree. What Streams itself costs on this machine.
 */
final class PassThrough {

    private PassThrough() {
    }

    /**
     * Records per second over the records after the first {@code warmUp} (copied while the JIT compiles the paths
     * taken), until {@code expected} records were copied; the count copied is sampled into {@code timeline}.
     */
    static double rate(String bootstrap, String topic, long warmUp, long expected, Path stateDir,
            String applicationId, Timeline timeline) throws InterruptedException {
        createCopyTopic(bootstrap, topic, applicationId + "-copy");
        AtomicLong copied = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("source"))
                .peek((k, v) -> copied.incrementAndGet(), Named.as("count"))
                .to(applicationId + "-copy", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("sink"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put("consumer.auto.offset.reset", "earliest");
        // Batches as large as Pedigree's own producers make: the baseline gets the same setting.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                StreamsSettings.PRODUCER_BATCH_BYTES);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            awaitRunning(streams);
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            long warm = awaitCopied(copied, warmUp, deadline, timeline);
            long warmCopied = copied.get();
            long done = awaitCopied(copied, expected, deadline, timeline);
            long measured = copied.get() - warmCopied;
            streams.close(Duration.ofSeconds(30));
            return measured / ((done - warm) / 1e9);
        }
    }

    /** The time {@code copied} reached {@code count} (checked every 5 ms), or the deadline's. */
    private static long awaitCopied(AtomicLong copied, long count, long deadline, Timeline timeline)
            throws InterruptedException {
        while (copied.get() < count && System.nanoTime() < deadline) {
            timeline.sample(System.nanoTime(), copied.get());
            Thread.sleep(5);
        }
        long now = System.nanoTime();
        timeline.sample(now, copied.get());
        return now;
    }

    /** The broker does not create topics on demand: the copy gets as many partitions as the source. */
    private static void createCopyTopic(String bootstrap, String source, String copy) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(source)).allTopicNames().get().get(source).partitions()
                    .size();
            if (!admin.listTopics().names().get().contains(copy)) {
                admin.createTopics(List.of(new NewTopic(copy, partitions, (short) 1))).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create " + copy + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static long awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return System.nanoTime();
    }
}
