package dev.pedigree.demo;

import dev.pedigree.schema.ContentHash;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.LabelObjective;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A binary classifier trained by Tribuo's linear SGD trainer: logistic regression, or a linear SVM (hinge loss)
 * when the training code says so. The label column holds 0 or 1; every other named column is a feature.
 */
final class Classifier {

    static final String POSITIVE = "1";
    private static final LabelFactory LABELS = new LabelFactory();

    static {
        // Tribuo logs every epoch through java.util.logging; the demo prints its own progress.
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
    }

    /** How a training step is configured. */
    record Settings(String objective, double learningRate, int epochs, long seed) {

        Map<String, String> hyperparameters() {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("learning_rate", Double.toString(learningRate));
            values.put("epochs", Integer.toString(epochs));
            values.put("seed", Long.toString(seed));
            return values;
        }
    }

    private final Model<Label> model;
    private final List<String> features;
    private final String label;

    private Classifier(Model<Label> model, List<String> features, String label) {
        this.model = model;
        this.features = features;
        this.label = label;
    }

    static Classifier train(Table table, String label, List<String> features, Settings settings) {
        LabelObjective objective = switch (settings.objective()) {
            case "logistic" -> new LogMulticlass();
            case "hinge" -> new Hinge();
            default -> throw new IllegalArgumentException("unknown objective " + settings.objective()
                    + " (logistic, hinge)");
        };
        LinearSGDTrainer trainer = new LinearSGDTrainer(objective, new AdaGrad(settings.learningRate()),
                settings.epochs(), -1, 1, settings.seed());
        return new Classifier(trainer.train(dataset(table, label, features)), features, label);
    }

    /** Share of rows of {@code table} whose label the model predicts. */
    double accuracy(Table table) {
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, dataset(table, label, features));
        return evaluation.accuracy();
    }

    /** Area under the ROC curve for the positive label (a ranking metric), on rows of {@code table}. */
    double auc(Table table) {
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, dataset(table, label, features));
        return evaluation.AUCROC(new Label(POSITIVE));
    }

    /** The model's score for the positive label on one row of a table with the training columns. */
    double score(Table table, double[] row) {
        Example<Label> example = example(table, row, LabelFactory.UNKNOWN_LABEL, features);
        Label positive = model.predict(example).getOutputScores().get(POSITIVE);
        return positive == null ? 0.0 : positive.getScore();
    }

    /** SHA-256 of the learned weights: the same training gives the same hash. */
    String artifactHash() {
        DenseMatrix weights = ((LinearSGDModel) model).getWeightsCopy();
        ByteBuffer bytes = ByteBuffer.allocate(weights.getDimension1Size() * weights.getDimension2Size() * 8);
        for (int i = 0; i < weights.getDimension1Size(); i++) {
            for (int j = 0; j < weights.getDimension2Size(); j++) {
                bytes.putDouble(weights.get(i, j));
            }
        }
        return ContentHash.ofBytes(bytes.array());
    }

    private static MutableDataset<Label> dataset(Table table, String label, List<String> features) {
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("pedigree demo", LABELS),
                LABELS);
        int labelIndex = table.column(label);
        for (double[] row : table.rows()) {
            dataset.add(example(table, row, new Label(Long.toString(Math.round(row[labelIndex]))), features));
        }
        return dataset;
    }

    private static Example<Label> example(Table table, double[] row, Label output, List<String> features) {
        String[] names = features.toArray(String[]::new);
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = row[table.column(names[i])];
        }
        return new ArrayExample<>(output, names, values);
    }
}
