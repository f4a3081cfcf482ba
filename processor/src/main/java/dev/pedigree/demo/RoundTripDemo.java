package dev.pedigree.demo;

import dev.pedigree.events.AlertType;
import dev.pedigree.events.CodeVersion;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.JobId;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.ModelRef;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.events.Severity;
import dev.pedigree.schema.ContentHash;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.serde.Subjects;
import dev.pedigree.schema.topic.EventKeys;
import dev.pedigree.schema.topic.TopicNames;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The round trip behind the first demo: one event of each type — a dataset version of a generated CSV, the run
 * that imputed it, the model it trained, a prediction and an alert — published with the Avro serde through the
 * real registry, then read back with a {@code read_committed} consumer and compared with what was sent.
 */
public final class RoundTripDemo {

    private static final String PRODUCER = "https://github.com/pedigree/pedigree/demo";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final SchemaRegistryClient registry;
    private final PrintWriter out;

    public RoundTripDemo(String bootstrapServers, SchemaRegistryClient registry, PrintWriter out) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.out = out;
    }

    /** Publishes and reads back the events; returns how many came back equal to what was sent. */
    public int run() {
        List<Sent> sent = publish(events());
        int equal = 0;
        for (Sent s : sent) {
            SpecificRecord read = readBack(s);
            boolean same = read.equals(s.event());
            equal += same ? 1 : 0;
            out.printf("  read  %-22s %s@%d  %s%n", s.event().getSchema().getName(),
                    s.metadata().topic() + "-" + s.metadata().partition(), s.metadata().offset(),
                    same ? "equal to what was sent" : "DIFFERENT from what was sent: " + read);
        }
        out.flush();
        return equal;
    }

    /** How many events {@link #run} publishes. */
    public static int eventCount() {
        return 5;
    }

    private record Sent(SpecificRecord event, RecordMetadata metadata, int schemaId) {
    }

    private List<Sent> publish(List<ProducerRecord<String, SpecificRecord>> records) {
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>(registry);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "pedigree-demo");
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            return records.stream().map(record -> {
                try {
                    RecordMetadata metadata = producer.send(record).get();
                    int schemaId = registry.lookupId(Subjects.of(record.topic(), false), record.value().getSchema());
                    out.printf("  sent  %-22s %s@%d  key=%s  schema id %d  %s%n",
                            record.value().getSchema().getName(), metadata.topic() + "-" + metadata.partition(),
                            metadata.offset(), record.key(), schemaId, describe(record.value()));
                    return new Sent(record.value(), metadata, schemaId);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cannot publish to " + record.topic() + ": "
                            + e.getCause().getMessage(), e);
                }
            }).toList();
        }
    }

    private SpecificRecord readBack(Sent sent) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(sent.metadata().topic(), sent.metadata().partition());
        SpecificAvroDeserializer<? extends SpecificRecord> deserializer =
                new SpecificAvroDeserializer<>(sent.event().getClass(), registry);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.metadata().offset());
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == sent.metadata().offset()) {
                        return deserializer.deserialize(record.topic(), record.value());
                    }
                }
            }
        }
        throw new IllegalStateException("the event sent to " + partition + "@" + sent.metadata().offset()
                + " was not read back within " + READ_TIMEOUT.toSeconds() + " s");
    }

    private static List<ProducerRecord<String, SpecificRecord>> events() {
        Instant now = Instant.now();
        String rawCsv = DemoData.usersCsv(2_000, 42);
        DatasetId raw = dataset("file:///demo/data", "users.csv");
        DatasetId imputed = dataset("warehouse", "users_imputed");
        String rawHash = ContentHash.ofUtf8(rawCsv);
        String imputedHash = ContentHash.ofUtf8(rawCsv.replace(",,", ",0.0,"));
        String runId = UUID.randomUUID().toString();

        DatasetVersion datasetVersion = DatasetVersion.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setEventTime(now).setProducer(PRODUCER)
                .setDataset(raw).setContentHash(rawHash).setVersionLabel("users-" + now.toString().substring(0, 10))
                .setRowCount(2_000L).build();
        RunEvent run = RunEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setEventTime(now).setProducer(PRODUCER)
                .setRunId(runId).setJob(JobId.newBuilder().setNamespace("churn").setName("impute").build())
                .setState(RunState.COMPLETE)
                .setInputs(List.of(DatasetHash.newBuilder().setDataset(raw).setContentHash(rawHash).build()))
                .setOutputs(List.of(DatasetHash.newBuilder().setDataset(imputed).setContentHash(imputedHash).build()))
                .setCode(CodeVersion.newBuilder().setRepository("https://git.example.com/churn.git")
                        .setCommit("4e1d2c9").setPath("pipelines/impute.py").build())
                .setParameters(Map.of("strategy", "constant", "fill_value", "0.0"))
                .build();
        ModelVersion model = ModelVersion.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setEventTime(now).setProducer(PRODUCER)
                .setName("churn").setVersion("1").setTrainingRunId(runId)
                .setMetrics(Map.of("accuracy", 0.87)).setHyperparameters(Map.of("seed", "42")).setStage("production")
                .build();
        Prediction prediction = Prediction.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setEventTime(now).setProducer(PRODUCER)
                .setPredictionId("demo-prediction-1")
                .setModel(ModelRef.newBuilder().setName("churn").setVersion("1").build())
                .setFeatures(List.of(DatasetHash.newBuilder().setDataset(imputed).setContentHash(imputedHash).build()))
                .setAttributes(Map.of("score", "0.73"))
                .build();
        LineageAlert alert = LineageAlert.newBuilder()
                .setAlertId(UUID.randomUUID().toString()).setType(AlertType.UNDECLARED_CHANGE)
                .setSeverity(Severity.WARNING).setDataset(raw).setObservedHash(rawHash)
                .setAffected(List.of("run:" + runId, "modelVersion:churn:1"))
                .setMessage("users.csv has a content hash no run declared (demo alert)")
                .setDetectedAt(now).setProducer(PRODUCER)
                .build();
        return List.of(
                new ProducerRecord<>(TopicNames.DATASETS, EventKeys.of(datasetVersion), datasetVersion),
                new ProducerRecord<>(TopicNames.RUNS, EventKeys.of(run), run),
                new ProducerRecord<>(TopicNames.MODELS, EventKeys.of(model), model),
                new ProducerRecord<>(TopicNames.PREDICTIONS, EventKeys.of(prediction), prediction),
                new ProducerRecord<>(TopicNames.ALERTS, EventKeys.of(alert), alert));
    }

    private static String describe(SpecificRecord event) {
        if (event instanceof DatasetVersion e) {
            return e.getDataset().getName() + " " + ContentHash.abbreviate(e.getContentHash(), "-") + ", " + e.getRowCount() + " rows";
        } else if (event instanceof RunEvent e) {
            return e.getJob().getName() + " " + e.getState() + ", " + e.getInputs().size() + " in, "
                    + e.getOutputs().size() + " out";
        } else if (event instanceof ModelVersion e) {
            return e.getName() + " v" + e.getVersion() + ", accuracy " + e.getMetrics().get("accuracy");
        } else if (event instanceof Prediction e) {
            return e.getPredictionId() + " by " + e.getModel().getName() + " v" + e.getModel().getVersion();
        } else if (event instanceof LineageAlert e) {
            return e.getSeverity() + " " + e.getType();
        }
        return event.getSchema().getName();
    }


    private static DatasetId dataset(String namespace, String name) {
        return DatasetId.newBuilder().setNamespace(namespace).setName(name).build();
    }

}
