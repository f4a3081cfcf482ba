package dev.pedigree.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.events.DatasetId;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.schema.ContentHash;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers to the three scenarios, read from the public HTTP API (never from the pipelines' own knowledge)
 * and printed for a person, each with the {@code curl} line that gives the full JSON.
 */
public final class DemoReport {

    private final ApiClient api;
    private final PrintWriter out;

    public DemoReport(ApiClient api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    public void print(DemoNames names, ChurnScenario.Outcome churn, ExperimentsScenario.Outcome experiments,
            RankingScenario.Outcome ranking) {
        accuracyDrop(names, churn);
        experiments(experiments);
        featureBug(ranking);
        out.printf("%nExplore the graph in a browser: %s/?q=%s%n", api.baseUrl(),
                ApiClient.encode(ranking.affectedPrediction()));
        out.printf("The printable report of that decision: %s/v1/predictions/%s/report%n", api.baseUrl(),
                ApiClient.encode(ranking.affectedPrediction()));
        out.flush();
    }

    private void accuracyDrop(DemoNames names, ChurnScenario.Outcome churn) {
        heading("1. Accuracy dropped after a data update");
        String model = churn.model();
        JsonNode compare = compare(model, ChurnScenario.BASELINE, model, ChurnScenario.AFTER_DATA_UPDATE);
        out.printf("   %s %s → %s: %s%n", model, ChurnScenario.BASELINE, ChurnScenario.AFTER_DATA_UPDATE,
                metricChange(compare, "accuracy"));
        List<JsonNode> alerts = new ArrayList<>();
        api.get("/v1/alerts").path("alerts").forEach(alert -> {
            String namespace = alert.path("dataset").path("namespace").asText();
            if (namespace.equals(names.namespace("crm")) || namespace.equals(names.namespace("warehouse"))) {
                alerts.add(alert);
            }
        });
        printAlerts("   Alerts raised on the pipeline's data:", alerts);
        printComparison(compare);
        for (String version : List.of(ChurnScenario.OTHER_HYPERPARAMETERS, ChurnScenario.OTHER_CODE)) {
            JsonNode variant = compare(model, ChurnScenario.BASELINE, model, version);
            out.printf("   Variant %s → %s: verdict %s. %s%n", ChurnScenario.BASELINE, version,
                    variant.path("verdict").asText(), variant.path("explanation").asText());
        }
        JsonNode served = api.get("/v1/models/" + ApiClient.encode(model) + "/versions/"
                + ChurnScenario.AFTER_DATA_UPDATE).path("predictions");
        out.printf("   %s %s served %d predictions (%s … %s) before anyone looked.%n", model,
                ChurnScenario.AFTER_DATA_UPDATE, served.path("count").asLong(), served.path("first").asText(),
                served.path("last").asText());
        curl("/v1/models/compare?left=" + ApiClient.encode(model + ":" + ChurnScenario.BASELINE) + "&right="
                + ApiClient.encode(model + ":" + ChurnScenario.AFTER_DATA_UPDATE));
        curl("/v1/datasets/" + ApiClient.encode(churn.source().getNamespace()) + "/"
                + ApiClient.encode(churn.source().getName()));
    }

    private void experiments(ExperimentsScenario.Outcome experiments) {
        heading("2. Experiments on different data subsets and feature steps");
        String model = experiments.model();
        for (String version : experiments.versions()) {
            JsonNode view = api.get("/v1/models/" + ApiClient.encode(model) + "/versions/" + ApiClient.encode(version));
            out.printf("   %s %s  accuracy %s%n", model, version,
                    number(view.path("modelVersion").path("metrics").path("accuracy")));
            for (String step : upstreamSteps(view)) {
                out.printf("       %s%n", step);
            }
        }
        String first = experiments.versions().get(0);
        for (String version : experiments.versions().subList(1, experiments.versions().size())) {
            JsonNode compare = compare(model, first, model, version);
            out.printf("   %s → %s: %s%s%n", first, version, compare.path("verdict").asText(),
                    divergence(compare).map(d -> ", " + d).orElse(""));
        }
        curl("/v1/models/" + ApiClient.encode(model) + "/versions/" + first);
    }

    private void featureBug(RankingScenario.Outcome ranking) {
        heading("3. A bug in user features degrades CTR across models");
        String bad = NodeIds.datasetVersion(ranking.badUserFeatures().getDataset().getNamespace(),
                ranking.badUserFeatures().getDataset().getName(), ranking.badUserFeatures().getContentHash());
        JsonNode impact = api.get("/v1/impact?node=" + ApiClient.encode(bad));
        out.printf("   Impact of %s/%s @ %s (the release of commit %s):%n",
                ranking.badUserFeatures().getDataset().getNamespace(), ranking.badUserFeatures().getDataset().getName(),
                ContentHash.abbreviate(ranking.badUserFeatures().getContentHash(), "-"), ranking.badFeatureCommit());
        out.println("     runs downstream:");
        impact.path("runs").forEach(run -> out.printf("       %s/%s  run %s  (%s)%n",
                run.path("job").path("namespace").asText(), run.path("job").path("name").asText(),
                run.path("runId").asText(), run.path("startedAt").asText()));
        out.println("     dataset versions downstream:");
        impact.path("datasetVersions").forEach(version -> out.printf("       %s/%s @ %s  (%s rows)%n",
                version.path("namespace").asText(), version.path("name").asText(),
                ContentHash.abbreviate(version.path("contentHash").asText(), "-"), version.path("rowCount").asText()));
        out.println("     model versions affected, and the predictions they served reading this version:");
        long total = 0;
        for (JsonNode model : impact.path("modelVersions")) {
            JsonNode reading = model.path("predictionsReadingThisVersion");
            total += reading.path("count").asLong();
            out.printf("       %-22s %5d of %5d predictions  (%s … %s)%n",
                    model.path("name").asText() + " " + model.path("version").asText(), reading.path("count").asLong(),
                    model.path("predictions").path("count").asLong(), reading.path("first").asText(),
                    reading.path("last").asText());
        }
        out.printf("     %d predictions were served from the bad feature version.%n", total);
        columnImpact(ranking, impact);
        JsonNode dataset = api.get("/v1/datasets/" + ApiClient.encode(ranking.badUserFeatures().getDataset()
                .getNamespace()) + "/" + ApiClient.encode(ranking.badUserFeatures().getDataset().getName()));
        printAlerts("   Alerts on " + ranking.badUserFeatures().getDataset().getName() + ":", dataset.path("alerts"));
        String home = ranking.models().get(0);
        JsonNode retrain = compare(home, "1", home, "2");
        out.printf("   %s 1 → 2: %s%s; %s%n", home, retrain.path("verdict").asText(),
                divergence(retrain).map(d -> ", " + d).orElse(""), metricChange(retrain, "auc"));
        for (JsonNode cause : retrain.path("causes")) {
            List<String> steps = new ArrayList<>();
            cause.path("columnPath").path("steps").forEach(step -> steps.add(shortColumn(step.path("from").asText())
                    + " → " + shortColumn(step.path("to").asText())));
            if (!steps.isEmpty()) {
                out.printf("     columns on the path to the model: %s%n", String.join(", ", steps));
            }
        }
        JsonNode provenance = api.get("/v1/predictions/" + ApiClient.encode(ranking.affectedPrediction())
                + "/provenance");
        JsonNode prediction = provenance.path("prediction");
        out.printf("   Provenance of prediction %s (%s): model %s %s, trained by run %s%n",
                ranking.affectedPrediction(), prediction.path("time").asText(),
                prediction.path("model").path("name").asText(), prediction.path("model").path("version").asText(),
                provenance.path("modelVersion").path("trainingRunId").asText());
        prediction.path("features").forEach(feature -> out.printf("     read %s/%s @ %s%s%n",
                feature.path("namespace").asText(), feature.path("name").asText(),
                ContentHash.abbreviate(feature.path("contentHash").asText(), "-"),
                feature.path("contentHash").asText().equals(ranking.badUserFeatures().getContentHash())
                        ? "   ← the bad version" : ""));
        out.printf("     %d upstream dataset versions in all%n", provenance.path("datasets").size());
        curl("/v1/impact?node=" + ApiClient.encode(bad));
        curl("/v1/predictions/" + ApiClient.encode(ranking.affectedPrediction()) + "/provenance");
    }

    /**
     * The impact of the broken column alone, through the steps' column lineage: the model versions trained on
     * {@code ctr_7d}, and those that read the bad version without that column.
     */
    private void columnImpact(RankingScenario.Outcome ranking, JsonNode versionImpact) {
        DatasetId features = ranking.badUserFeatures().getDataset();
        String column = NodeIds.datasetField(features.getNamespace(), features.getName(), RankingScenario.CTR_COLUMN);
        JsonNode impact = api.get("/v1/impact?node=" + ApiClient.encode(column));
        List<String> derived = new ArrayList<>();
        impact.path("fields").forEach(field -> {
            List<String> parts = NodeIds.parse(field.path("id").asText()).parts();
            derived.add(parts.get(0) + "/" + parts.get(1) + "." + parts.get(2));
        });
        out.printf("   Impact of the column %s (column lineage): derived columns %s%n", RankingScenario.CTR_COLUMN,
                derived);
        Set<String> trainedOnColumn = new TreeSet<>();
        impact.path("modelVersions").forEach(model -> trainedOnColumn.add(model.path("name").asText() + " "
                + model.path("version").asText()));
        out.printf("     model versions trained on it: %s%n", String.join(", ", trainedOnColumn));
        Set<String> withoutColumn = new TreeSet<>();
        versionImpact.path("modelVersions").forEach(model -> withoutColumn.add(model.path("name").asText() + " "
                + model.path("version").asText()));
        withoutColumn.removeAll(trainedOnColumn);
        if (!withoutColumn.isEmpty()) {
            out.printf("     read %s but not %s, so left out: %s%n", features.getName(), RankingScenario.CTR_COLUMN,
                    String.join(", ", withoutColumn));
        }
        curl("/v1/impact?node=" + ApiClient.encode(column));
    }

    /** {@code name.field} of a column's node id. */
    private static String shortColumn(String fieldId) {
        List<String> parts = NodeIds.parse(fieldId).parts();
        return parts.get(1) + "." + parts.get(2);
    }

    /** The chain from the training run's input up to the source: dataset @ hash ← job @ commit {parameters}. */
    private static List<String> upstreamSteps(JsonNode modelVersion) {
        Map<String, JsonNode> versions = new HashMap<>();
        modelVersion.path("datasets").forEach(d -> versions.put(d.path("id").asText(), d));
        Map<String, JsonNode> runs = new HashMap<>();
        modelVersion.path("nodes").forEach(n -> {
            if (n.path("kind").asText().equals("RUN")) {
                runs.put(n.path("id").asText(), n);
            }
        });
        List<String> lines = new ArrayList<>();
        JsonNode training = modelVersion.path("trainingRuns").path(0);
        lines.add("trained by " + step(training));
        JsonNode input = training.path("inputs").path(0);
        for (int depth = 0; depth < 10 && !input.isMissingNode(); depth++) {
            String id = NodeIds.datasetVersion(input.path("namespace").asText(), input.path("name").asText(),
                    input.path("contentHash").asText());
            JsonNode version = versions.get(id);
            JsonNode producer = version == null ? null : runs.get(version.path("producingRuns").path(0).asText());
            lines.add(String.format(Locale.ROOT, "← %s/%s @ %s (%s rows)%s", input.path("namespace").asText(),
                    input.path("name").asText(), ContentHash.abbreviate(input.path("contentHash").asText(), "-"),
                    version == null ? "?" : version.path("rowCount").asText(),
                    producer == null ? "  [source]" : "  written by " + step(producer)));
            input = producer == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                    : producer.path("inputs").path(0);
        }
        return lines;
    }

    private static String step(JsonNode run) {
        return String.format("%s/%s @ %s %s", run.path("job").path("namespace").asText(),
                run.path("job").path("name").asText(), run.path("code").path("commit").asText("?"),
                run.path("parameters"));
    }

    private static java.util.Optional<String> divergence(JsonNode compare) {
        for (JsonNode dataset : compare.path("data")) {
            JsonNode d = dataset.path("divergence");
            if (d.isObject()) {
                if (d.path("kind").asText().equals("SOURCE")) {
                    return java.util.Optional.of("the lineages diverge at the source " + d.path("dataset").asText());
                }
                StringBuilder text = new StringBuilder("the lineages diverge at step ").append(d.path("job").asText());
                if (!d.path("leftCommit").asText().equals(d.path("rightCommit").asText())) {
                    text.append(" (commit ").append(d.path("leftCommit").asText()).append(" → ")
                            .append(d.path("rightCommit").asText()).append(')');
                }
                Iterator<String> changed = d.path("parameterChanges").fieldNames();
                if (changed.hasNext()) {
                    text.append(" (parameters ").append(d.path("parameterChanges")).append(')');
                }
                return java.util.Optional.of(text.toString());
            }
        }
        return java.util.Optional.empty();
    }

    private void printAlerts(String title, Iterable<JsonNode> alerts) {
        out.println(title);
        boolean none = true;
        for (JsonNode alert : alerts) {
            none = false;
            out.printf("     %-8s %-22s %s (affects %d nodes)%n", alert.path("severity").asText(),
                    alert.path("type").asText(), alert.path("message").asText(), alert.path("affected").size());
        }
        if (none) {
            out.println("     (none yet: see GET /v1/alerts)");
        }
    }

    private void printComparison(JsonNode compare) {
        out.printf("   Compare: verdict %s%n", compare.path("verdict").asText());
        for (JsonNode dataset : compare.path("data")) {
            out.printf("     %-40s %-8s %s → %s%n", dataset.path("namespace").asText() + "/"
                    + dataset.path("name").asText(), dataset.path("status").asText(),
                    ContentHash.abbreviate(dataset.path("leftHashes").path(0).asText(null), "-"),
                    ContentHash.abbreviate(dataset.path("rightHashes").path(0).asText(null), "-"));
        }
        divergence(compare).ifPresent(d -> out.printf("     → %s%n", d));
        out.printf("   %s%n", compare.path("explanation").asText());
    }

    private JsonNode compare(String leftModel, String leftVersion, String rightModel, String rightVersion) {
        return api.get("/v1/models/compare?left=" + ApiClient.encode(leftModel + ":" + leftVersion) + "&right="
                + ApiClient.encode(rightModel + ":" + rightVersion));
    }

    private static String metricChange(JsonNode compare, String metric) {
        JsonNode values = compare.path("metrics").path(metric);
        return String.format(Locale.ROOT, "%s %s → %s", metric, number(values.path("left")),
                number(values.path("right")));
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.3f", value.asDouble()) : "?";
    }

    private void heading(String title) {
        out.printf("%n%s%n", title);
    }

    private void curl(String path) {
        out.printf("   curl -s '%s%s'%n", api.baseUrl(), path);
    }
}
