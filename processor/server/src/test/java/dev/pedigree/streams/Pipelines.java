package dev.pedigree.streams;

import dev.pedigree.events.CodeVersion;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.JobId;
import dev.pedigree.events.ModelRef;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.schema.ContentHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** Builders of realistic lineage events for topology and integration tests. */
public final class Pipelines {

    public static final String PRODUCER = "https://github.com/pedigree/tests";
    public static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private Pipelines() {
    }

    public static String hash(String content) {
        return ContentHash.ofUtf8(content);
    }

    public static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    public static DatasetHash ref(String namespace, String name, String hash) {
        return DatasetHash.newBuilder().setDataset(new DatasetId(namespace, name)).setContentHash(hash).build();
    }

    public static DatasetVersion dataset(String namespace, String name, String hash, String label, Instant time,
            String producedBy) {
        return DatasetVersion.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(time)
                .setProducer(PRODUCER).setDataset(new DatasetId(namespace, name)).setContentHash(hash)
                .setVersionLabel(label).setProducedByRunId(producedBy).setRowCount(1_000L).build();
    }

    public static RunEvent run(String runId, String job, RunState state, Instant time, List<DatasetHash> inputs,
            List<DatasetHash> outputs, String commit, Map<String, String> parameters) {
        return RunEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(time).setProducer(PRODUCER)
                .setRunId(runId).setJob(new JobId("churn", job)).setState(state).setInputs(inputs).setOutputs(outputs)
                .setCode(commit == null ? null : CodeVersion.newBuilder()
                        .setRepository("https://git.example.com/churn.git").setCommit(commit).setPath(job + ".py")
                        .build())
                .setParameters(parameters).build();
    }

    public static ModelVersion model(String name, String version, String trainingRun, Instant time, double accuracy) {
        return ModelVersion.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(time)
                .setProducer(PRODUCER).setName(name).setVersion(version).setTrainingRunId(trainingRun)
                .setMetrics(Map.of("accuracy", accuracy)).setHyperparameters(Map.of("seed", "42")).build();
    }

    public static Prediction prediction(String id, String model, String version, Instant time, DatasetHash... features) {
        return Prediction.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(time).setProducer(PRODUCER)
                .setPredictionId(id).setModel(new ModelRef(model, version)).setFeatures(List.of(features)).build();
    }

    /**
     * DESIGN scenario 1: users.csv → impute → scale → train → churn v1, and two predictions. Run events come as
     * START (inputs) and COMPLETE (outputs), as OpenLineage integrations send them.
     */
    public static List<SpecificRecord> csvImputeScaleTrain() {
        return csvImputeScaleTrain("");
    }

    /**
     * The same pipeline with {@code tag} appended to every namespace, run id, model name and prediction id, so
     * tests sharing a broker do not see each other's entities.
     */
    public static List<SpecificRecord> csvImputeScaleTrain(String tag) {
        String raw = hash("users v1");
        String imputed = hash("users imputed v1");
        String scaled = hash("users scaled v1");
        String files = "file:///data" + tag;
        String warehouse = "warehouse" + tag;
        List<SpecificRecord> events = new ArrayList<>();
        events.add(dataset(files, "users.csv", raw, "2026-11-01", at(0), null));
        events.add(run("impute-1" + tag, "impute", RunState.START, at(1), List.of(ref(files, "users.csv", raw)),
                List.of(), "a1b2c3d", Map.of("strategy", "median")));
        events.add(run("impute-1" + tag, "impute", RunState.COMPLETE, at(2), List.of(),
                List.of(ref(warehouse, "users_imputed", imputed)), "a1b2c3d", Map.of()));
        events.add(dataset(warehouse, "users_imputed", imputed, null, at(2), "impute-1" + tag));
        events.add(run("scale-1" + tag, "scale", RunState.START, at(3), List.of(ref(warehouse, "users_imputed", imputed)),
                List.of(), "a1b2c3d", Map.of("method", "standard")));
        events.add(run("scale-1" + tag, "scale", RunState.COMPLETE, at(4), List.of(),
                List.of(ref(warehouse, "users_scaled", scaled)), "a1b2c3d", Map.of()));
        events.add(run("train-1" + tag, "train", RunState.START, at(5), List.of(ref(warehouse, "users_scaled", scaled)),
                List.of(), "a1b2c3d", Map.of("trees", "100")));
        events.add(run("train-1" + tag, "train", RunState.COMPLETE, at(9), List.of(), List.of(), "a1b2c3d", Map.of()));
        events.add(model("churn" + tag, "1", "train-1" + tag, at(10), 0.91));
        events.add(prediction("p-1" + tag, "churn" + tag, "1", at(11), ref(warehouse, "users_scaled", scaled)));
        events.add(prediction("p-2" + tag, "churn" + tag, "1", at(12)));
        return events;
    }
}
