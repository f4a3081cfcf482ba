package dev.pedigree.demo;

import dev.pedigree.connectors.emitter.LineageEmitter;
import dev.pedigree.connectors.hashing.DatasetFingerprint;
import dev.pedigree.connectors.hashing.DatasetHasher;
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
import dev.pedigree.graph.NodeIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the demo's pipelines tell Pedigree, through the Java emitter, as an instrumented pipeline would: each file
 * a step writes is hashed ({@link DatasetHasher}) and published as a dataset version; each step is a run with a
 * START and a COMPLETE event; each trained model a model version; each served decision a prediction. It also
 * remembers every node it published, so the demo can wait until the API shows them all.
 */
public final class LineageRecorder {

    static final String PRODUCER = "https://github.com/pedigree/pedigree/demo";

    /**
     * What the graph must show once the processor has caught up: every node, each linked to the nodes its event
     * named (a run to the versions it read and wrote, a model version to its training run), and every prediction.
     * A node's record and its edges reach the graph through different partitions of the graph topic, so a node can
     * show before its edges.
     */
    public record Expectations(Set<String> nodes, Map<String, Set<String>> neighbours,
            Map<String, Long> predictionsByModelVersion) {
    }

    private final LineageEmitter emitter;
    private final Set<String> nodes = new LinkedHashSet<>();
    private final Map<String, Set<String>> neighbours = new LinkedHashMap<>();
    private final Map<String, Long> predictions = new LinkedHashMap<>();

    public LineageRecorder(LineageEmitter emitter) {
        this.emitter = emitter;
    }

    /** Hashes {@code table} written to {@code file} and publishes it as a version of {@code dataset}. */
    Data observe(DatasetId dataset, Table table, Path file, String label, String producedByRunId) {
        table.write(file);
        DatasetFingerprint fingerprint;
        try {
            fingerprint = DatasetHasher.hash(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + file, e);
        }
        Map<String, String> facets = new LinkedHashMap<>();
        facets.put("path", file.toAbsolutePath().toString());
        if (fingerprint.canonicalHash() != null) {
            facets.put("pedigree.canonicalHash", fingerprint.canonicalHash());
        }
        emitter.datasetVersion(DatasetVersion.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setEventTime(Instant.now()).setProducer(PRODUCER)
                .setDataset(dataset).setContentHash(fingerprint.contentHash()).setVersionLabel(label)
                .setSchemaFingerprint(fingerprint.schemaFingerprint()).setRowCount(fingerprint.rowCount())
                .setProducedByRunId(producedByRunId).setFacets(facets).setColumns(fingerprint.columns())
                .build());
        nodes.add(NodeIds.datasetVersion(dataset.getNamespace(), dataset.getName(), fingerprint.contentHash()));
        return new Data(table, hash(dataset, fingerprint.contentHash()));
    }

    /**
     * One step as a run: START with its inputs, code and parameters; the step itself, which gets the run id and
     * writes its outputs (through {@link #observe}); COMPLETE with the outputs.
     *
     * @return the run id
     */
    String run(JobId job, CodeVersion code, Map<String, String> parameters, List<Data> inputs,
            Function<String, List<Data>> step) {
        return run(job, code, parameters, inputs, ColumnFlow.NONE, step);
    }

    /**
     * A step as {@link #run(JobId, CodeVersion, Map, List, Function)} that also says which columns it read of each
     * input and, on COMPLETE, which output column it derived from which (each output lists its table's columns).
     */
    String run(JobId job, CodeVersion code, Map<String, String> parameters, List<Data> inputs, ColumnFlow columns,
            Function<String, List<Data>> step) {
        String runId = UUID.randomUUID().toString();
        List<DatasetHash> read = inputs.stream().map(input -> DatasetHash.newBuilder(input.version())
                .setFields(columns.read(input.version().getDataset())).build()).toList();
        RunEvent.Builder event = RunEvent.newBuilder()
                .setProducer(PRODUCER).setRunId(runId).setJob(job).setCode(code).setParameters(parameters)
                .setInputs(read);
        emitter.runStarted(event.setEventId(UUID.randomUUID().toString()).setEventTime(Instant.now())
                .setState(RunState.START).build());
        List<Data> written = step.apply(runId);
        List<DatasetHash> outputs = written.stream().map(output -> DatasetHash.newBuilder(output.version())
                .setFields(output.table().columns()).build()).toList();
        emitter.runCompleted(event.setEventId(UUID.randomUUID().toString()).setEventTime(Instant.now())
                .setState(RunState.COMPLETE).setOutputs(outputs)
                .setColumnLineage(written.stream().flatMap(output -> columns.lineage(output.version().getDataset())
                        .stream()).toList()).build());
        nodes.add(NodeIds.run(runId));
        Set<String> ends = new LinkedHashSet<>();
        read.forEach(input -> ends.add(versionId(input)));
        outputs.forEach(output -> ends.add(versionId(output)));
        neighbours.put(NodeIds.run(runId), ends);
        return runId;
    }

    /**
     * A step with one output table, written as an immutable snapshot {@code run-<runId>.csv} in {@code directory}
     * and published as a new version of {@code output}.
     */
    Data transform(JobId job, CodeVersion code, Map<String, String> parameters, List<Data> inputs, DatasetId output,
            Path directory, Function<List<Table>, Table> step) {
        return transform(job, code, parameters, inputs, ColumnFlow.NONE, output, directory, step);
    }

    /** A {@link #transform} that says which columns it read and derived from which. */
    Data transform(JobId job, CodeVersion code, Map<String, String> parameters, List<Data> inputs, ColumnFlow columns,
            DatasetId output, Path directory, Function<List<Table>, Table> step) {
        Data[] written = new Data[1];
        run(job, code, parameters, inputs, columns, runId -> {
            Table result = step.apply(inputs.stream().map(Data::table).toList());
            written[0] = observe(output, result, directory.resolve("run-" + runId + ".csv"), null, runId);
            return List.of(written[0]);
        });
        return written[0];
    }

    void modelVersion(ModelVersion.Builder model) {
        ModelVersion event = model.setEventId(UUID.randomUUID().toString()).setEventTime(Instant.now())
                .setProducer(PRODUCER).build();
        emitter.modelVersion(event);
        nodes.add(NodeIds.modelVersion(event.getName(), event.getVersion()));
        neighbours.put(NodeIds.modelVersion(event.getName(), event.getVersion()),
                Set.of(NodeIds.run(event.getTrainingRunId())));
    }

    void prediction(String predictionId, String model, String version, List<DatasetHash> features, String inputHash,
            Map<String, String> attributes) {
        emitter.prediction(Prediction.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setEventTime(Instant.now()).setProducer(PRODUCER)
                .setPredictionId(predictionId)
                .setModel(ModelRef.newBuilder().setName(model).setVersion(version).build())
                .setFeatures(features).setInputHash(inputHash).setAttributes(attributes)
                .build());
        predictions.merge(NodeIds.modelVersion(model, version), 1L, Long::sum);
    }

    /** Delivers everything published so far. */
    void flush() {
        emitter.flush();
        if (emitter.failed() > 0) {
            throw new IllegalStateException(emitter.failed() + " lineage events could not be delivered; see the log");
        }
    }

    public Expectations expectations() {
        return new Expectations(Collections.unmodifiableSet(new LinkedHashSet<>(nodes)),
                Collections.unmodifiableMap(new LinkedHashMap<>(neighbours)),
                Collections.unmodifiableMap(new LinkedHashMap<>(predictions)));
    }

    private static String versionId(DatasetHash version) {
        return NodeIds.datasetVersion(version.getDataset().getNamespace(), version.getDataset().getName(),
                version.getContentHash());
    }

    static DatasetId dataset(String namespace, String name) {
        return DatasetId.newBuilder().setNamespace(namespace).setName(name).build();
    }

    static JobId job(String namespace, String name) {
        return JobId.newBuilder().setNamespace(namespace).setName(name).build();
    }

    static CodeVersion code(String repository, String commit, String path) {
        return CodeVersion.newBuilder().setRepository(repository).setCommit(commit).setPath(path).build();
    }

    static DatasetHash hash(DatasetId dataset, String contentHash) {
        return DatasetHash.newBuilder().setDataset(dataset).setContentHash(contentHash).build();
    }
}
