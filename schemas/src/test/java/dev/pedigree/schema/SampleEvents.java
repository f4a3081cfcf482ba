package dev.pedigree.schema;

import dev.pedigree.events.CodeVersion;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.JobId;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.AlertType;
import dev.pedigree.events.ModelRef;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.QualityEvidence;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.events.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One realistic, valid event of each type, for tests. */
public final class SampleEvents {

    public static final String PRODUCER = "https://github.com/pedigree/tests";
    public static final Instant TIME = Instant.parse("2026-11-24T10:15:30.123Z");

    private SampleEvents() {
    }

    /** The content hash of {@code text}'s UTF-8 bytes. */
    public static String hashOf(String text) {
        return ContentHash.ofUtf8(text);
    }

    public static DatasetId dataset(String namespace, String name) {
        return DatasetId.newBuilder().setNamespace(namespace).setName(name).build();
    }

    public static DatasetHash datasetHash(String namespace, String name, String contentHash) {
        return DatasetHash.newBuilder().setDataset(dataset(namespace, name)).setContentHash(contentHash).build();
    }

    public static DatasetVersion datasetVersion() {
        return DatasetVersion.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(TIME)
                .setProducer(PRODUCER)
                .setDataset(dataset("file:///data", "users.csv"))
                .setContentHash(hashOf("users v1"))
                .setVersionLabel("2026-11-24")
                .setSchemaFingerprint(hashOf("id:int,age:double"))
                .setRowCount(4_000L)
                .setProducedByRunId("run-impute-1")
                .setQuality(QualityEvidence.newBuilder().setSuite("users_suite").setSuccess(true)
                        .setStatistics(Map.of("null_fraction.age", 0.02)).build())
                .setFacets(Map.of("owner", "data-eng"))
                .build();
    }

    public static RunEvent runEvent() {
        return RunEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(TIME)
                .setProducer(PRODUCER)
                .setRunId("run-impute-1")
                .setJob(JobId.newBuilder().setNamespace("churn").setName("impute").build())
                .setState(RunState.COMPLETE)
                .setInputs(List.of(datasetHash("file:///data", "users.csv", hashOf("users raw"))))
                .setOutputs(List.of(datasetHash("warehouse", "users_imputed", hashOf("users imputed"))))
                .setCode(CodeVersion.newBuilder().setRepository("https://git.example.com/churn.git")
                        .setCommit("3f2a9c1").setPath("impute.py").build())
                .setParameters(Map.of("strategy", "median"))
                .setParentRunId("dag-run-7")
                .build();
    }

    public static ModelVersion modelVersion() {
        return ModelVersion.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(TIME)
                .setProducer(PRODUCER)
                .setName("churn")
                .setVersion("1")
                .setTrainingRunId("run-train-1")
                .setArtifactHash(hashOf("model bytes"))
                .setMetrics(Map.of("accuracy", 0.91))
                .setHyperparameters(Map.of("seed", "42", "trees", "100"))
                .setStage("production")
                .build();
    }

    public static Prediction prediction() {
        return Prediction.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(TIME)
                .setProducer(PRODUCER)
                .setPredictionId("pred-0001")
                .setModel(ModelRef.newBuilder().setName("churn").setVersion("1").build())
                .setFeatures(List.of(datasetHash("warehouse", "user_features", hashOf("features v1"))))
                .setInputHash(hashOf("request 1"))
                .setAttributes(Map.of("score", "0.82"))
                .build();
    }

    public static LineageAlert alert() {
        return LineageAlert.newBuilder()
                .setAlertId(UUID.randomUUID().toString())
                .setType(AlertType.HASH_CHANGED_IN_PLACE)
                .setSeverity(Severity.CRITICAL)
                .setDataset(dataset("file:///data", "users.csv"))
                .setVersionLabel("2026-11-24")
                .setExpectedHash(hashOf("users v1"))
                .setObservedHash(hashOf("users v1 mutated"))
                .setAffected(List.of("run:run-impute-1", "modelVersion:churn:1"))
                .setMessage("users.csv label 2026-11-24 changed content in place")
                .setDetectedAt(TIME)
                .setProducer(PRODUCER)
                .build();
    }
}
