package dev.pedigree.demo;

import dev.pedigree.events.DatasetId;
import dev.pedigree.events.JobId;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.schema.ContentHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The steps of the churn pipelines of scenarios 1 and 2 — impute, select rows, scale, train, evaluate — each
 * recorded as a run whose outputs are immutable snapshots ({@code <dataset>/run-<id>.csv}).
 */
final class ChurnSteps {

    static final String REPOSITORY = "https://git.example.com/ml/churn-pipeline.git";

    /** Features ready for training, and what must be applied the same way to data the model scores. */
    record Prepared(Data data, Imputer imputer, Scaler scaler, List<String> features) {

        Table prepare(Table raw) {
            return scaler.apply(imputer.apply(raw)).drop(dropped(raw));
        }

        private List<String> dropped(Table raw) {
            List<String> dropped = new ArrayList<>(DemoData.CUSTOMER_FEATURES);
            dropped.removeAll(features);
            dropped.removeIf(column -> !raw.columns().contains(column));
            return dropped;
        }
    }

    /** A trained classifier and the run that trained it. */
    record Trained(String runId, Classifier classifier, Classifier.Settings settings, String commit) {
    }

    private final LineageRecorder recorder;
    private final Path directory;
    private final String jobNamespace;

    ChurnSteps(LineageRecorder recorder, Path directory, String jobNamespace) {
        this.recorder = recorder;
        this.directory = directory;
        this.jobNamespace = jobNamespace;
    }

    /** Median imputation fitted on {@code input}. */
    Prepared impute(String commit, Data input, DatasetId output) {
        Imputer imputer = Imputer.fitMedians(input.table(), DemoData.CUSTOMER_FEATURES);
        Data imputed = step("impute", commit, imputer.parameters(), input, output, imputer::apply);
        return new Prepared(imputed, imputer, null, DemoData.CUSTOMER_FEATURES);
    }

    /** Keeps the rows whose {@code column} is at least {@code minimum} ({@code where} = "all" without one). */
    Prepared select(String commit, Prepared input, String column, Double minimum, DatasetId output) {
        Map<String, String> parameters = Map.of("where",
                minimum == null ? "all" : String.format(Locale.ROOT, "%s >= %s", column, Table.format(minimum)));
        Data selected = step("select_rows", commit, parameters, input.data(), output,
                table -> minimum == null ? table : table.filter(column, value -> value >= minimum));
        return new Prepared(selected, input.imputer(), null, input.features());
    }

    /** Scales the features fitted on {@code input}, leaving out {@code dropped} columns. */
    Prepared scale(String job, String commit, String method, List<String> dropped, Prepared input,
            DatasetId output) {
        List<String> features = new ArrayList<>(input.features());
        features.removeAll(dropped);
        Scaler scaler = Scaler.fit(method, input.data().table(), features);
        Map<String, String> parameters = new LinkedHashMap<>(scaler.parameters());
        if (!dropped.isEmpty()) {
            parameters.put("drop", String.join(",", dropped));
        }
        Data scaled = step(job, commit, parameters, input.data(), output,
                table -> scaler.apply(table).drop(dropped));
        return new Prepared(scaled, input.imputer(), scaler, features);
    }

    Trained train(String commit, Classifier.Settings settings, Prepared input) {
        Classifier[] trained = new Classifier[1];
        Map<String, String> parameters = new LinkedHashMap<>(settings.hyperparameters());
        parameters.put("objective", settings.objective());
        String runId = recorder.run(LineageRecorder.job(jobNamespace, "train"), code(commit, "steps/train"),
                parameters, List.of(input.data()), id -> {
                    trained[0] = Classifier.train(input.data().table(), DemoData.CHURNED, input.features(), settings);
                    return List.of();
                });
        return new Trained(runId, trained[0], settings, commit);
    }

    /** Accuracy on the held-out customers, prepared as the training data was; recorded as an evaluation run. */
    double evaluate(String model, String version, Trained trained, Prepared preparation, Data holdout) {
        double[] accuracy = new double[1];
        recorder.run(LineageRecorder.job(jobNamespace, "evaluate"), code("e41c7d2", "steps/evaluate"),
                Map.of("model", model + ":" + version, "metric", "accuracy"), List.of(holdout), id -> {
                    accuracy[0] = trained.classifier().accuracy(preparation.prepare(holdout.table()));
                    return List.of();
                });
        return accuracy[0];
    }

    /** Publishes the model version with its holdout accuracy. */
    void register(String model, String version, Trained trained, double accuracy, int holdoutRows, String stage) {
        recorder.modelVersion(ModelVersion.newBuilder()
                .setName(model).setVersion(version).setTrainingRunId(trained.runId())
                .setArtifactHash(trained.classifier().artifactHash())
                .setMetrics(Map.of("accuracy", accuracy, "holdout_rows", (double) holdoutRows))
                .setHyperparameters(trained.settings().hyperparameters())
                .setStage(stage));
    }

    /** Scores customers with a model and records each decision as a prediction. */
    List<String> serve(String model, String version, Trained trained, Prepared preparation, Table customers,
            String idPrefix) {
        Table prepared = preparation.prepare(customers);
        int id = customers.column("customer_id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            double[] raw = customers.rows().get(i);
            double probability = trained.classifier().score(prepared, prepared.rows().get(i));
            String predictionId = idPrefix + "-" + Table.format(raw[id]);
            recorder.prediction(predictionId, model, version, List.of(),
                    ContentHash.ofUtf8(String.join(",", customers.columns()) + "\n" + row(raw)),
                    Map.of("customer_id", Table.format(raw[id]),
                            "churn_probability", String.format(Locale.ROOT, "%.3f", probability),
                            "decision", probability >= 0.5 ? "retention-offer" : "no-action"));
            ids.add(predictionId);
        }
        return ids;
    }

    private Data step(String job, String commit, Map<String, String> parameters, Data input, DatasetId output,
            java.util.function.UnaryOperator<Table> transformation) {
        return recorder.transform(LineageRecorder.job(jobNamespace, job), code(commit, "steps/" + job), parameters,
                List.of(input), output, directory.resolve(output.getName()), tables -> transformation.apply(tables.get(0)));
    }

    private static dev.pedigree.events.CodeVersion code(String commit, String path) {
        return LineageRecorder.code(REPOSITORY, commit, path);
    }

    private static String row(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.isEmpty() ? "" : ",").append(Table.format(value));
        }
        return text.toString();
    }
}
