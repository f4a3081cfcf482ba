package dev.pedigree.demo;

import dev.pedigree.events.DatasetId;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 1, "accuracy dropped after a data update": a CRM export ({@code customers.csv}) → impute → scale →
 * train (Tribuo) → evaluate on a fixed held-out set → model version 1 in production, serving. Then the export is
 * overwritten in place with tenure in years instead of months; the pipeline re-runs and version 2 is worse.
 * Versions 3 and 4 are retrained from version 1's feature snapshot: 3 with another learning rate, 4 with new
 * training code (a linear SVM) — same data, so their differences are parameters and code.
 */
public final class ChurnScenario {

    public static final String MODEL = "churn-classifier";
    public static final String BASELINE = "1";
    public static final String AFTER_DATA_UPDATE = "2";
    public static final String OTHER_HYPERPARAMETERS = "3";
    public static final String OTHER_CODE = "4";
    public static final String SOURCE_NAME = "customers.csv";
    public static final String SOURCE_LABEL = "crm-export-2026-11";

    private static final String IMPUTE_COMMIT = "a1b2c3d";
    private static final String SCALE_COMMIT = "a1b2c3d";
    private static final String TRAIN_COMMIT = "7f3e9a1";
    private static final String SVM_TRAIN_COMMIT = "b5e21f0";
    private static final Classifier.Settings SETTINGS = new Classifier.Settings("logistic", 0.5, 10, 42);
    private static final int SERVED = 40;

    /** The names a user looks up: the model, the source, one prediction of each served version. */
    public record Outcome(String model, DatasetId source, String sourceLabel, String baselinePrediction,
            String afterUpdatePrediction) {
    }

    private ChurnScenario() {
    }

    public static Outcome run(DemoContext context) {
        DemoNames names = context.names();
        Path directory = context.directory().resolve("churn");
        LineageRecorder recorder = context.recorder();
        String model = names.model(MODEL);
        DatasetId source = LineageRecorder.dataset(names.namespace("crm"), SOURCE_NAME);
        DatasetId holdoutId = LineageRecorder.dataset(names.namespace("crm"), "customers_holdout.csv");
        DatasetId imputedId = LineageRecorder.dataset(names.namespace("warehouse"), "churn_customers_imputed");
        DatasetId scaledId = LineageRecorder.dataset(names.namespace("warehouse"), "churn_customers_scaled");
        ChurnSteps steps = new ChurnSteps(recorder, directory, names.namespace("churn"));

        Table export = DemoData.customers(3_000, 11);
        Data original = recorder.observe(source, export, directory.resolve(SOURCE_NAME), SOURCE_LABEL, null);
        Data holdout = recorder.observe(holdoutId, DemoData.customers(1_000, 12),
                directory.resolve("customers_holdout.csv"), "holdout-2026", null);
        ChurnSteps.Prepared good = steps.scale("scale", SCALE_COMMIT, "standard", List.of(),
                steps.impute(IMPUTE_COMMIT, original, imputedId), scaledId);
        ChurnSteps.Trained v1 = steps.train(TRAIN_COMMIT, SETTINGS, good);
        double accuracy1 = register(steps, model, BASELINE, v1, good, holdout, "production");
        List<String> servedByV1 = steps.serve(model, BASELINE, v1, good, firstRows(holdout.table(), SERVED),
                names.predictionId("churn-v1"));
        context.progress().accept(String.format(Locale.ROOT, "%s %s trained on %s (%d rows): accuracy %.3f; "
                + "served %d predictions", model, BASELINE, SOURCE_NAME, export.size(), accuracy1, SERVED));

        Data overwritten = recorder.observe(source, DemoData.withTenureInYears(export),
                directory.resolve(SOURCE_NAME), SOURCE_LABEL, null);
        ChurnSteps.Prepared updated = steps.scale("scale", SCALE_COMMIT, "standard", List.of(),
                steps.impute(IMPUTE_COMMIT, overwritten, imputedId), scaledId);
        ChurnSteps.Trained v2 = steps.train(TRAIN_COMMIT, SETTINGS, updated);
        double accuracy2 = register(steps, model, AFTER_DATA_UPDATE, v2, updated, holdout, "production");
        List<String> servedByV2 = steps.serve(model, AFTER_DATA_UPDATE, v2, updated,
                firstRows(holdout.table(), SERVED), names.predictionId("churn-v2"));
        context.progress().accept(String.format(Locale.ROOT, "%s overwritten in place (tenure now in years); "
                + "%s %s retrained: accuracy %.3f", SOURCE_NAME, model, AFTER_DATA_UPDATE, accuracy2));

        ChurnSteps.Trained v3 = steps.train(TRAIN_COMMIT, new Classifier.Settings("logistic", 0.05, 10, 42), good);
        double accuracy3 = register(steps, model, OTHER_HYPERPARAMETERS, v3, good, holdout, "staging");
        ChurnSteps.Trained v4 = steps.train(SVM_TRAIN_COMMIT, new Classifier.Settings("hinge", 0.5, 10, 42), good);
        double accuracy4 = register(steps, model, OTHER_CODE, v4, good, holdout, "staging");
        context.progress().accept(String.format(Locale.ROOT, "retrained from version 1's features: %s %s "
                + "(learning rate 0.05) accuracy %.3f, %s %s (commit %s, linear SVM) accuracy %.3f", model,
                OTHER_HYPERPARAMETERS, accuracy3, model, OTHER_CODE, SVM_TRAIN_COMMIT, accuracy4));
        return new Outcome(model, source, SOURCE_LABEL, servedByV1.get(0), servedByV2.get(0));
    }

    private static double register(ChurnSteps steps, String model, String version, ChurnSteps.Trained trained,
            ChurnSteps.Prepared preparation, Data holdout, String stage) {
        double accuracy = steps.evaluate(model, version, trained, preparation, holdout);
        steps.register(model, version, trained, accuracy, holdout.table().size(), stage);
        return accuracy;
    }

    static Table firstRows(Table table, int count) {
        return new Table(table.columns(), table.rows().subList(0, Math.min(count, table.size())));
    }
}
