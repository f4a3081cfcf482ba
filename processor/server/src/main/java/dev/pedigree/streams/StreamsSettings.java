package dev.pedigree.streams;

import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.internals.AuditAppender;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The Kafka Streams configuration of the processor: exactly-once, explicit names required, unreadable or
 * failing records to {@code pedigree.dlq} with the error in headers (KIP-1034) while processing goes on, bounded
 * RocksDB memory. Settings passed through by the user win, except the guarantees.
 */
public final class StreamsSettings {

    public static final String DEFAULT_APPLICATION_ID = "pedigree";
    /** What a main consumer's fetch waits for, at most {@link #FETCH_MAX_WAIT_MS}. */
    static final int FETCH_MIN_BYTES = 16 * 1024;
    static final int FETCH_MAX_WAIT_MS = 10;
    /** What the global consumer's fetch of a partition with nothing new waits, at most (Kafka's default: 500 ms). */
    static final int GLOBAL_FETCH_MAX_WAIT_MS = 50;
    /** The batch size of the applications' producers (Kafka's default: 16 KiB). */
    public static final int PRODUCER_BATCH_BYTES = 64 * 1024;

    private StreamsSettings() {
    }

    /** The application id: the user's {@code application.id} setting, else {@value #DEFAULT_APPLICATION_ID}. */
    public static String applicationId(PedigreeConfig config) {
        return config.kafkaSettings().getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    }

    /** The audit log's application id: {@code <application.id>-audit}, a consumer group of its own. */
    public static String auditApplicationId(String applicationId) {
        return applicationId + "-audit";
    }

    /**
     * The audit log application's settings ({@link AuditLogTopology}): the provenance application's, under its own
     * id, naming the provenance application as the logs' origin, and not dead-lettering what the provenance
     * application dead-letters already.
     */
    public static Properties auditLogOf(Properties provenance) {
        Properties props = new Properties();
        props.putAll(provenance);
        String applicationId = provenance.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, auditApplicationId(applicationId));
        props.put(AuditAppender.ORIGIN_APPLICATION_CONFIG, applicationId);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, AlreadyDeadLettered.class);
        return props;
    }

    public static Properties of(PedigreeConfig config, String bootstrapServers, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        // No waiting for every input partition of a task to have data before processing (Pedigree's merges do not
        // depend on the order across partitions); the wait's lag checks format a log line per empty partition on
        // every pass of the stream thread: 17% to 39% of its samples in a profile of prediction ingest.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Under a light load of single events (one HTTP request each), a consumer that returns every record as it
        // lands wakes both applications' stream threads, a transaction and a fetch per record, on the cores that
        // also serve the request waiting for the broker. Fetches wait up to 10 ms for 16 KiB instead: a record is
        // seen at most 10 ms later; under load fetches fill at once. (Main consumers only: restoration and the
        // global graph are not delayed.)
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), FETCH_MIN_BYTES);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), FETCH_MAX_WAIT_MS);
        // The global thread restores the global stores one partition after another (seven with the default
        // topics), and a partition's last fetch asks for what follows its end: the broker holds that fetch for the
        // whole wait, and the next partition's offset lookup queues behind it on the same connection. With Kafka's
        // 500 ms, those waits were 3 s of an 8.5 s restore of the graph (docs/MEASUREMENTS.md); an idle global
        // consumer now fetches 20 times a second instead of twice.
        props.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                GLOBAL_FETCH_MAX_WAIT_MS);
        // Under load a 16 KiB batch fills every few dozen records, and each new batch wakes the producer's network
        // thread (an event fd written, a contended monitor: 14% of the stream thread's wall time in graph ingest)
        // and is one more batch for the broker to append. 64 KiB batches: docs/MEASUREMENTS.md.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        props.putAll(config.kafkaSettings());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, TopicNames.DLQ);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        props.put("processing.exception.handler.global.enabled", true);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
        props.put(PedigreeConfig.ROCKSDB_MEMORY_BYTES, Long.toString(config.rocksDbMemoryBytes()));
        props.put(PedigreeConfig.ROCKSDB_WRITE_BUFFER_BYTES, Long.toString(config.rocksDbWriteBufferBytes()));
        props.put(PedigreeConfig.ROCKSDB_MEMTABLE_BYTES, Long.toString(config.rocksDbMemtableBytes()));
        return props;
    }
}
