package dev.pedigree.cli;

import dev.pedigree.connectors.hashing.DatasetFingerprint;
import dev.pedigree.connectors.hashing.DatasetHasher;
import dev.pedigree.events.CodeVersion;
import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetField;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.JobId;
import dev.pedigree.events.ModelRef;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.schema.ContentHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code pedigree emit}: publishes lineage events from the command line. */
@Command(name = "emit", mixinStandardHelpOptions = true, description = "Publish lineage events.",
        subcommands = {EmitCommand.Dataset.class, EmitCommand.Run.class, EmitCommand.Model.class,
            EmitCommand.PredictionEvent.class})
final class EmitCommand implements Runnable {

    static final String PRODUCER = "https://github.com/pedigree/pedigree/cli";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "dataset", mixinStandardHelpOptions = true,
            description = "Hash a file or directory (SHA-256; CSV also gets a row-order-independent canonical hash, "
                    + "a schema fingerprint, a row count and a profile of each column: type, counts, nulls, distinct "
                    + "values, range, mean, quantiles, frequent values, a per-column hash) and publish a "
                    + "DatasetVersion.")
    static final class Dataset implements Callable<Integer> {

        @Mixin
        private PublishOptions publishing;

        @Option(names = "--namespace", required = true, description = "e.g. file:///data or s3://bucket")
        private String namespace;

        @Option(names = "--name", required = true, description = "the dataset's name in its namespace")
        private String name;

        @Option(names = "--file", required = true, description = "the file or directory to hash")
        private Path file;

        @Option(names = "--label", description = "a version label: partition, revision, file name…")
        private String label;

        @Option(names = "--run-id", description = "the run that wrote this content")
        private String runId;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            DatasetFingerprint fingerprint = DatasetHasher.hash(file);
            DatasetVersion event = DatasetVersion.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setEventTime(Instant.now())
                    .setProducer(PRODUCER)
                    .setDataset(new DatasetId(namespace, name))
                    .setContentHash(fingerprint.contentHash())
                    .setVersionLabel(label)
                    .setSchemaFingerprint(fingerprint.schemaFingerprint())
                    .setRowCount(fingerprint.rowCount())
                    .setProducedByRunId(runId)
                    .setFacets(fingerprint.canonicalHash() == null ? Map.of()
                            : Map.of("pedigree.canonicalHash", fingerprint.canonicalHash()))
                    .setColumns(fingerprint.columns())
                    .build();
            fingerprint.warnings().forEach(warning -> spec.commandLine().getErr().println("pedigree emit: " + warning));
            if (!publishing.publish(spec, emitter -> emitter.datasetVersion(event))) {
                return 1;
            }
            out.printf("emitted DatasetVersion %s/%s %s (%,d bytes%s) eventId %s%n", namespace, name,
                    fingerprint.contentHash(), fingerprint.bytes(), fingerprint.rowCount() == null ? ""
                            : ", " + fingerprint.rowCount() + " rows, canonical "
                                    + ContentHash.abbreviate(fingerprint.canonicalHash(), "-"),
                    event.getEventId());
            if (!fingerprint.columns().isEmpty()) {
                out.print(ColumnSummary.of(fingerprint.columns()));
                out.flush();
            }
            return 0;
        }
    }

    /** {@code namespace=NS,name=N,hash=sha256:…} or {@code namespace=NS,name=N,file=PATH} (hashed here). */
    static DatasetHash datasetSpec(String spec) {
        Map<String, String> parts = keyValues(spec, ",");
        String namespace = parts.get("namespace");
        String name = parts.get("name");
        if (namespace == null || name == null) {
            throw new IllegalArgumentException("a dataset is namespace=NS,name=N[,hash=sha256:…|,file=PATH], got '"
                    + spec + "'");
        }
        String hash = parts.get("hash");
        if (hash == null && parts.containsKey("file")) {
            try {
                hash = DatasetHasher.hash(Path.of(parts.get("file"))).contentHash();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot hash " + parts.get("file") + ": " + e.getMessage(), e);
            }
        }
        List<String> fields = parts.containsKey("fields") ? List.of(parts.get("fields").split("\\|")) : List.of();
        return new DatasetHash(new DatasetId(namespace, name), hash, fields);
    }

    /**
     * {@code [OUTPUT:]FIELD=INPUT:FIELD[:TRANSFORMATION][,INPUT:FIELD…]}: datasets by their {@code name=} among the
     * run's inputs and outputs; the output may be left out when the run has one.
     */
    static ColumnLineage columnLineageSpec(String spec, List<DatasetHash> inputs, List<DatasetHash> outputs) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("column lineage is [OUTPUT:]FIELD=INPUT:FIELD[:TRANSFORMATION][,…], got '"
                    + spec + "'");
        }
        String[] output = spec.substring(0, eq).split(":", -1);
        DatasetId outputDataset;
        if (output.length == 1 && outputs.size() == 1) {
            outputDataset = outputs.get(0).getDataset();
        } else if (output.length == 2) {
            outputDataset = named(output[0], outputs, spec);
        } else {
            throw new IllegalArgumentException("'" + spec + "': name the output (OUTPUT:FIELD) when the run has "
                    + outputs.size() + " outputs");
        }
        List<DatasetHash> readable = new ArrayList<>(inputs);
        readable.addAll(outputs);
        List<FieldInput> sources = new ArrayList<>();
        for (String input : spec.substring(eq + 1).split(",")) {
            if (input.contains("=")) {
                throw new IllegalArgumentException("'" + spec + "': '" + input + "' maps another output column; give "
                        + "each output column a --column-lineage of its own");
            }
            String[] parts = input.split(":", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("'" + input + "' is not INPUT:FIELD[:TRANSFORMATION]");
            }
            sources.add(new FieldInput(named(parts[0], readable, spec), parts[1],
                    parts.length == 3 ? parts[2].toUpperCase(java.util.Locale.ROOT) : null, false, false, null));
        }
        return new ColumnLineage(new DatasetField(outputDataset, output[output.length - 1]), sources);
    }

    private static DatasetId named(String name, List<DatasetHash> datasets, String spec) {
        List<DatasetId> matching = datasets.stream().map(DatasetHash::getDataset)
                .filter(dataset -> dataset.getName().equals(name)).distinct().toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException("'" + spec + "': " + (matching.isEmpty() ? "no" : "more than one")
                    + " dataset of the run is named '" + name + "'");
        }
        return matching.get(0);
    }

    /** {@code k=v} items separated by {@code separator}. */
    static Map<String, String> keyValues(String text, String separator) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : text.split(separator)) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + item + "'");
            }
            map.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return map;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Publish a RunEvent.")
    static final class Run implements Callable<Integer> {

        @Mixin
        private PublishOptions publishing;

        @Option(names = "--run-id", required = true)
        private String runId;

        @Option(names = "--job-namespace", required = true)
        private String jobNamespace;

        @Option(names = "--job-name", required = true)
        private String jobName;

        @Option(names = "--state", description = "START, RUNNING, COMPLETE, FAIL or ABORT (default: ${DEFAULT-VALUE})")
        private RunState state = RunState.COMPLETE;

        @Option(names = "--input", paramLabel = "DATASET", description = "namespace=NS,name=N,hash=H or ,file=PATH, "
                + "and ,fields=a|b for the columns read; repeatable")
        private List<String> inputs = new ArrayList<>();

        @Option(names = "--column-lineage", paramLabel = "[OUTPUT:]FIELD=INPUT:FIELD[:TRANSFORMATION][,…]",
                description = "where an output column comes from, datasets named by their name= (the output may be "
                        + "left out when there is one), e.g. ctr_7d=clicks.csv:clicks:AGGREGATION,views.csv:views; "
                        + "TRANSFORMATION is one of IDENTITY, TRANSFORMATION, AGGREGATION, FILTER, JOIN, GROUP_BY, "
                        + "SORT, WINDOW, CONDITIONAL; once per output column")
        private List<String> columnLineage = new ArrayList<>();

        @Option(names = "--output", paramLabel = "DATASET", description = "as --input (fields: the columns "
                + "written); repeatable")
        private List<String> outputs = new ArrayList<>();

        @Option(names = "--repository", description = "code repository URL")
        private String repository;

        @Option(names = "--commit", description = "code commit")
        private String commit;

        @Option(names = "--code-path", description = "entry point in the repository")
        private String codePath;

        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a parameter; repeatable")
        private Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--parent-run-id")
        private String parentRunId;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RunEvent event;
            try {
                List<DatasetHash> read = inputs.stream().map(EmitCommand::datasetSpec).toList();
                List<DatasetHash> written = outputs.stream().map(EmitCommand::datasetSpec).toList();
                event = RunEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(Instant.now())
                        .setProducer(PRODUCER).setRunId(runId).setJob(new JobId(jobNamespace, jobName)).setState(state)
                        .setInputs(read).setOutputs(written)
                        .setColumnLineage(columnLineage.stream().map(spec -> columnLineageSpec(spec, read, written))
                                .toList())
                        .setCode(repository == null ? null : new CodeVersion(repository, commit, codePath))
                        .setParameters(parameters).setParentRunId(parentRunId).build();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (!publishing.publish(spec, emitter -> {
                if (state == RunState.START || state == RunState.RUNNING) {
                    emitter.runStarted(event);
                } else {
                    emitter.runCompleted(event);
                }
            })) {
                return 1;
            }
            spec.commandLine().getOut().printf("emitted RunEvent %s %s (%s/%s, %d in, %d out) eventId %s%n", runId,
                    state, jobNamespace, jobName, event.getInputs().size(), event.getOutputs().size(),
                    event.getEventId());
            return 0;
        }
    }

    @Command(name = "model", mixinStandardHelpOptions = true, description = "Publish a ModelVersion.")
    static final class Model implements Callable<Integer> {

        @Mixin
        private PublishOptions publishing;

        @Option(names = "--name", required = true)
        private String name;

        @Option(names = "--version", required = true)
        private String version;

        @Option(names = "--training-run-id", required = true)
        private String trainingRunId;

        @Option(names = "--artifact", description = "the model file, hashed as artifactHash")
        private Path artifact;

        @Option(names = "--metric", paramLabel = "KEY=NUMBER", description = "repeatable")
        private Map<String, Double> metrics = new LinkedHashMap<>();

        @Option(names = "--hyperparameter", paramLabel = "KEY=VALUE", description = "repeatable")
        private Map<String, String> hyperparameters = new LinkedHashMap<>();

        @Option(names = "--stage")
        private String stage;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ModelVersion event = ModelVersion.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setEventTime(Instant.now()).setProducer(PRODUCER).setName(name).setVersion(version)
                    .setTrainingRunId(trainingRunId)
                    .setArtifactHash(artifact == null ? null : DatasetHasher.hashBytes(artifact))
                    .setMetrics(metrics).setHyperparameters(hyperparameters).setStage(stage).build();
            if (!publishing.publish(spec, emitter -> emitter.modelVersion(event))) {
                return 1;
            }
            spec.commandLine().getOut().printf("emitted ModelVersion %s:%s (trained by %s) eventId %s%n", name,
                    version, trainingRunId, event.getEventId());
            return 0;
        }
    }

    @Command(name = "prediction", mixinStandardHelpOptions = true, description = "Publish a Prediction.")
    static final class PredictionEvent implements Callable<Integer> {

        @Mixin
        private PublishOptions publishing;

        @Option(names = "--id", required = true, description = "the prediction id")
        private String id;

        @Option(names = "--model", required = true, paramLabel = "NAME:VERSION")
        private String model;

        @Option(names = "--feature", paramLabel = "DATASET", description = "namespace=NS,name=N,hash=H or ,file=PATH; "
                + "repeatable")
        private List<String> features = new ArrayList<>();

        @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "repeatable")
        private Map<String, String> attributes = new LinkedHashMap<>();

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            int colon = model.lastIndexOf(':');
            if (colon <= 0 || colon == model.length() - 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model must be NAME:VERSION, got '" + model + "'");
            }
            Prediction event;
            try {
                event = Prediction.newBuilder().setEventId(UUID.randomUUID().toString()).setEventTime(Instant.now())
                        .setProducer(PRODUCER).setPredictionId(id)
                        .setModel(new ModelRef(model.substring(0, colon), model.substring(colon + 1)))
                        .setFeatures(features.stream().map(EmitCommand::datasetSpec).toList())
                        .setAttributes(attributes).build();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (!publishing.publish(spec, emitter -> emitter.prediction(event))) {
                return 1;
            }
            spec.commandLine().getOut().printf("emitted Prediction %s by %s eventId %s%n", id, model,
                    event.getEventId());
            return 0;
        }
    }
}
