package dev.pedigree.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 2, "experiments on different data subsets and feature steps": from one CRM snapshot, candidates are
 * trained on different row subsets ({@code select_rows}) and feature variants ({@code featurize}: scaler, dropped
 * columns, feature code), each evaluated on the same held-out customers. Every candidate writes the same two
 * datasets ({@code lab/churn_training_rows}, {@code lab/churn_features}), so they differ by version hash.
 */
public final class ExperimentsScenario {

    public static final String MODEL = "churn-candidates";

    private static final String SELECT_COMMIT = "5c6d7e8";
    private static final String FEATURE_COMMIT = "3d4e5f6";
    private static final String NEW_FEATURE_COMMIT = "8a9b0c1";
    private static final Classifier.Settings SETTINGS = new Classifier.Settings("logistic", 0.5, 10, 7);

    /** One experiment: which rows, which feature step. */
    public record Experiment(String version, String description, String subsetColumn, Double subsetMinimum,
            String featureCommit, String scaler, List<String> dropped) {
    }

    /** The experiments, in the order they were run. */
    public static final List<Experiment> EXPERIMENTS = List.of(
            new Experiment("1", "all rows, standard scaling", "tenure_months", null, FEATURE_COMMIT, "standard",
                    List.of()),
            new Experiment("2", "customers of 6+ months", "tenure_months", 6.0, FEATURE_COMMIT, "standard",
                    List.of()),
            new Experiment("3", "spend of 50+ per month", "monthly_spend", 50.0, FEATURE_COMMIT, "standard",
                    List.of()),
            new Experiment("4", "all rows, min-max scaling", "tenure_months", null, FEATURE_COMMIT, "minmax",
                    List.of()),
            new Experiment("5", "all rows, without support_calls (new feature code)", "tenure_months", null,
                    NEW_FEATURE_COMMIT, "standard", List.of("support_calls")));

    /** The model name to look up. */
    public record Outcome(String model, List<String> versions) {
    }

    private ExperimentsScenario() {
    }

    public static Outcome run(DemoContext context) {
        DemoNames names = context.names();
        Path directory = context.directory().resolve("experiments");
        LineageRecorder recorder = context.recorder();
        String model = names.model(MODEL);
        String lab = names.namespace("lab");
        ChurnSteps steps = new ChurnSteps(recorder, directory, names.namespace("experiments"));

        Data snapshot = recorder.observe(LineageRecorder.dataset(names.namespace("crm"), "customers_2026_10.csv"),
                DemoData.customers(4_000, 21), directory.resolve("customers_2026_10.csv"), "2026-10", null);
        Data holdout = recorder.observe(LineageRecorder.dataset(names.namespace("crm"), "customers_holdout.csv"),
                DemoData.customers(1_000, 12), directory.resolve("customers_holdout.csv"), "holdout-2026", null);
        ChurnSteps.Prepared imputed = steps.impute(SELECT_COMMIT, snapshot,
                LineageRecorder.dataset(lab, "churn_customers_imputed"));
        List<String> versions = new ArrayList<>();
        for (Experiment experiment : EXPERIMENTS) {
            ChurnSteps.Prepared rows = steps.select(SELECT_COMMIT, imputed, experiment.subsetColumn(),
                    experiment.subsetMinimum(), LineageRecorder.dataset(lab, "churn_training_rows"));
            ChurnSteps.Prepared features = steps.scale("featurize", experiment.featureCommit(), experiment.scaler(),
                    experiment.dropped(), rows, LineageRecorder.dataset(lab, "churn_features"));
            ChurnSteps.Trained trained = steps.train("7f3e9a1", SETTINGS, features);
            double accuracy = steps.evaluate(model, experiment.version(), trained, features, holdout);
            steps.register(model, experiment.version(), trained, accuracy, holdout.table().size(), "experiment");
            versions.add(experiment.version());
            context.progress().accept(String.format(Locale.ROOT, "%s %s: %s, %d rows: accuracy %.3f", model,
                    experiment.version(), experiment.description(), rows.data().table().size(), accuracy));
        }
        return new Outcome(model, versions);
    }
}
