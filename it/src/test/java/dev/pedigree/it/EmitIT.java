package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.connectors.emitter.KafkaLineageEmitter;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.schema.SampleEvents;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java emitter and {@code ./pedigree emit dataset} publish to the real broker; events arrive decoded. */
@ExtendWith(RealRuntimeExtension.class)
class EmitIT {

    @Test
    void theEmitterPublishesEveryKindKeyedAsDesignSays(EmbeddedRuntime runtime) {
        DatasetVersion dataset = SampleEvents.datasetVersion();
        RunEvent run = SampleEvents.runEvent();
        ModelVersion model = SampleEvents.modelVersion();
        Prediction prediction = SampleEvents.prediction();
        try (KafkaLineageEmitter emitter = new KafkaLineageEmitter(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(), "schema.registry.url", runtime.schemaRegistryUrl()))) {
            emitter.datasetVersion(dataset);
            emitter.runStarted(run);
            emitter.modelVersion(model);
            emitter.prediction(prediction);
            emitter.flush();
            assertThat(emitter.failed()).isZero();
        }
        assertThat(read(runtime, TopicNames.DATASETS, DatasetVersion.class)).contains(dataset);
        assertThat(read(runtime, TopicNames.RUNS, RunEvent.class)).contains(run);
        assertThat(read(runtime, TopicNames.MODELS, ModelVersion.class)).contains(model);
        assertThat(read(runtime, TopicNames.PREDICTIONS, Prediction.class)).contains(prediction);
    }

    @Test
    void theCliHashesAFileAndPublishesItsVersion(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("emit-it");
        Files.createDirectories(home);
        Path csv = home.resolve("orders.csv");
        Files.writeString(csv, "id,amount\n1,9.5\n2,12.0\n3,7.25\n");
        String output = Cli.run(runtime, home, "emit", "dataset", "--namespace", "file:///emit-it", "--name",
                "orders.csv", "--file", csv.toString(), "--label", "2026-11-24", "--run-id", "export-7");
        assertThat(output).contains("emitted DatasetVersion file:///emit-it/orders.csv sha256:").contains("3 rows");

        DatasetVersion published = read(runtime, TopicNames.DATASETS, DatasetVersion.class).stream()
                .filter(d -> d.getDataset().getNamespace().equals("file:///emit-it")).findFirst().orElseThrow();
        assertThat(published.getRowCount()).isEqualTo(3L);
        assertThat(published.getVersionLabel()).isEqualTo("2026-11-24");
        assertThat(published.getProducedByRunId()).isEqualTo("export-7");
        assertThat(published.getFacets()).containsKey("pedigree.canonicalHash");
        assertThat(output).contains(published.getContentHash());
    }

    @Test
    void theCliPublishesRunsModelsAndPredictions(EmbeddedRuntime runtime) throws Exception {
        Path home = ItPaths.home().resolve("emit-it-run");
        Files.createDirectories(home);
        Path model = Files.writeString(home.resolve("model.bin"), "weights");
        String hash = dev.pedigree.schema.ContentHash.ofUtf8("features");
        cli(runtime, home, "emit", "run", "--run-id", "cli-train-1", "--job-namespace", "cli", "--job-name", "train",
                "--state", "COMPLETE", "--input", "namespace=file:///cli,name=features.csv,hash=" + hash,
                "--repository", "https://git.example.com/m.git", "--commit", "abc123", "--param", "trees=100");
        cli(runtime, home, "emit", "model", "--name", "cli-model", "--version", "3", "--training-run-id", "cli-train-1",
                "--artifact", model.toString(), "--metric", "accuracy=0.93", "--hyperparameter", "seed=7");
        cli(runtime, home, "emit", "prediction", "--id", "cli-p-1", "--model", "cli-model:3",
                "--feature", "namespace=file:///cli,name=features.csv,hash=" + hash, "--attribute", "score=0.4");

        RunEvent run = read(runtime, TopicNames.RUNS, RunEvent.class).stream()
                .filter(r -> r.getRunId().equals("cli-train-1")).findFirst().orElseThrow();
        assertThat(run.getInputs().get(0).getContentHash()).isEqualTo(hash);
        assertThat(run.getCode().getCommit()).isEqualTo("abc123");
        assertThat(run.getParameters()).containsEntry("trees", "100");
        ModelVersion version = read(runtime, TopicNames.MODELS, ModelVersion.class).stream()
                .filter(m -> m.getName().equals("cli-model")).findFirst().orElseThrow();
        assertThat(version.getArtifactHash()).isEqualTo(dev.pedigree.schema.ContentHash.ofUtf8("weights"));
        assertThat(version.getMetrics()).containsEntry("accuracy", 0.93);
        Prediction prediction = read(runtime, TopicNames.PREDICTIONS, Prediction.class).stream()
                .filter(p -> p.getPredictionId().equals("cli-p-1")).findFirst().orElseThrow();
        assertThat(prediction.getModel().getVersion()).isEqualTo("3");
        assertThat(prediction.getAttributes()).containsEntry("score", "0.4");
    }

    @Test
    void aDvcLockIsImportedAsOneRunPerStage(EmbeddedRuntime runtime) throws Exception {
        Path repo = ItPaths.home().resolve("emit-it-dvc");
        RealRuntimeExtension.deleteRecursively(repo);
        Files.createDirectories(repo.resolve("data"));
        Files.writeString(repo.resolve("data/raw.csv"), "id,v\n1,2\n");
        Files.writeString(repo.resolve("data/clean.csv"), "id,v\n1,2.0\n");
        Path lock = Files.writeString(repo.resolve("dvc.lock"), String.join("\n",
                "schema: '2.0'", "stages:", "  clean:", "    cmd: python clean.py", "    deps:",
                "    - path: data/raw.csv", "      md5: 0123456789abcdef0123456789abcdef", "    params:",
                "      params.yaml:", "        clean.fill: 0.0", "    outs:", "    - path: data/clean.csv",
                "      md5: fedcba9876543210fedcba9876543210", ""));
        cli(runtime, repo, "import", "dvc", lock.toString());
        RunEvent run = read(runtime, TopicNames.RUNS, RunEvent.class).stream()
                .filter(r -> r.getJob().getName().equals("clean") && r.getJob().getNamespace().endsWith("emit-it-dvc"))
                .findFirst().orElseThrow();
        assertThat(run.getInputs().get(0).getContentHash())
                .isEqualTo(dev.pedigree.schema.ContentHash.ofUtf8("id,v\n1,2\n"));
        assertThat(run.getOutputs().get(0).getContentHash()).isNotNull();
        assertThat(run.getParameters()).containsEntry("clean.fill", "0.0");
        assertThat(run.getFacets()).containsEntry("dvc.md5.data/raw.csv", "0123456789abcdef0123456789abcdef");
    }

    private static void cli(EmbeddedRuntime runtime, Path home, String... args) throws Exception {
        assertThat(Cli.run(runtime, home, args)).matches("(?s)(emitted|imported) .*");
    }

    @Test
    void theCliFailsClearlyWhenTheBrokerCannotBeReached() throws Exception {
        Path home = ItPaths.home().resolve("emit-it-down");
        Files.createDirectories(home);
        Path file = Files.writeString(home.resolve("x.bin"), "x");
        ProcessBuilder builder = new ProcessBuilder(ItPaths.launcher().toString(), "emit", "dataset",
                "--namespace", "w", "--name", "x", "--file", file.toString(), "--timeout-ms", "2000")
                .redirectErrorStream(true);
        builder.environment().put("PEDIGREE_HOME", home.toString());
        builder.environment().put("PEDIGREE_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        builder.environment().put("PEDIGREE_SCHEMA_REGISTRY_URL", "http://127.0.0.1:2");
        Process emit = builder.start();
        assertThat(emit.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = new String(emit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(emit.exitValue()).isEqualTo(1);
        assertThat(output).contains("could not publish to 127.0.0.1:1");
    }

    private static <T extends SpecificRecord> List<T> read(EmbeddedRuntime runtime, String topic, Class<T> type) {
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(type, registry);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<T> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        values.add(deserializer.deserialize(topic, record.value()));
                    } catch (SerializationException poisonPillOfAnotherTest) {
                        // the shared topics also hold the dead-letter tests' bad records
                    }
                }
            }
            return values;
        }
    }
}
