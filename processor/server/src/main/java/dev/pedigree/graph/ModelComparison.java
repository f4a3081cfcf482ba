package dev.pedigree.graph;

import dev.pedigree.schema.ContentHash;
import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.ModelVersionDetail;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.RunDetail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two model versions by what they were trained on — the root-cause funnel of DESIGN's first scenario:
 * data first (each upstream dataset SAME / CHANGED / ADDED / REMOVED, and for a change the first upstream step
 * where the two lineages diverge), then the training code, then parameters and hyperparameters.
 */
public final class ModelComparison {

    /** The overall finding, in the funnel's order. */
    public enum Verdict { DATA_CHANGED, CODE_CHANGED, PARAMETERS_CHANGED, NO_LINEAGE_DIFFERENCE }

    /** How one dataset differs between the two lineages. */
    public enum DataStatus { SAME, CHANGED, ADDED, REMOVED }

    /**
     * Where two lineages of a changed dataset part: a source whose content differs (no producing run), or a step
     * (run) whose inputs are the same on both sides but whose code or parameters are not.
     */
    public record Divergence(String kind, String dataset, String leftRun, String rightRun, String job,
            String leftCommit, String rightCommit, Map<String, List<String>> parameterChanges, String leftHash,
            String rightHash) {
    }

    /** One upstream dataset in the comparison. */
    public record DatasetDiff(String namespace, String name, DataStatus status, List<String> leftHashes,
            List<String> rightHashes, Divergence divergence) {
    }

    /** The full comparison. */
    public record Result(Node left, Node right, List<DatasetDiff> data, Map<String, String> code,
            Map<String, List<String>> parameterChanges, Map<String, List<String>> hyperparameterChanges,
            Map<String, Map<String, Double>> metrics, Verdict verdict, String explanation, boolean truncated) {
    }

    private final GraphReader graph;
    private final ProvenanceReader provenance;

    public ModelComparison(GraphReader graph) {
        this.graph = graph;
        this.provenance = new ProvenanceReader(graph);
    }

    /** Compares {@code left} and {@code right}; empty when either model version is unknown. */
    public Optional<Result> compare(String leftName, String leftVersion, String rightName, String rightVersion,
            TraversalLimits limits, long asOf) {
        Provenance left = provenance.modelVersion(leftName, leftVersion, limits, asOf);
        Provenance right = provenance.modelVersion(rightName, rightVersion, limits, asOf);
        if (left.modelVersion() == null || right.modelVersion() == null) {
            return Optional.empty();
        }
        List<DatasetDiff> data = compareData(left, right, asOf);
        RunDetail leftRun = firstRun(left);
        RunDetail rightRun = firstRun(right);
        Map<String, String> code = new LinkedHashMap<>();
        code.put("left", leftRun == null ? null : leftRun.getCodeCommit());
        code.put("right", rightRun == null ? null : rightRun.getCodeCommit());
        Map<String, List<String>> parameters = diff(leftRun == null ? Map.of() : leftRun.getParameters(),
                rightRun == null ? Map.of() : rightRun.getParameters());
        ModelVersionDetail l = (ModelVersionDetail) left.modelVersion().getDetail();
        ModelVersionDetail r = (ModelVersionDetail) right.modelVersion().getDetail();
        Map<String, List<String>> hyperparameters = diff(l.getHyperparameters(), r.getHyperparameters());
        Map<String, Map<String, Double>> metrics = metrics(l.getMetrics(), r.getMetrics());

        boolean dataChanged = data.stream().anyMatch(d -> d.status() != DataStatus.SAME);
        boolean codeChanged = !Objects.equals(code.get("left"), code.get("right"));
        Verdict verdict = dataChanged ? Verdict.DATA_CHANGED
                : codeChanged ? Verdict.CODE_CHANGED
                : !parameters.isEmpty() || !hyperparameters.isEmpty() ? Verdict.PARAMETERS_CHANGED
                : Verdict.NO_LINEAGE_DIFFERENCE;
        String explanation = explain(leftName + " " + leftVersion, rightName + " " + rightVersion, verdict, data,
                code, parameters, hyperparameters, metrics);
        return Optional.of(new Result(left.modelVersion(), right.modelVersion(), data, code, parameters,
                hyperparameters, metrics, verdict, explanation,
                left.graph().truncated() || right.graph().truncated()));
    }

    private List<DatasetDiff> compareData(Provenance left, Provenance right, long asOf) {
        Map<String, TreeSet<String>> leftHashes = hashesByDataset(left);
        Map<String, TreeSet<String>> rightHashes = hashesByDataset(right);
        TreeSet<String> datasets = new TreeSet<>(leftHashes.keySet());
        datasets.addAll(rightHashes.keySet());
        List<DatasetDiff> diffs = new ArrayList<>();
        for (String dataset : datasets) {
            TreeSet<String> l = leftHashes.getOrDefault(dataset, new TreeSet<>());
            TreeSet<String> r = rightHashes.getOrDefault(dataset, new TreeSet<>());
            DataStatus status = l.isEmpty() ? DataStatus.ADDED : r.isEmpty() ? DataStatus.REMOVED
                    : l.equals(r) ? DataStatus.SAME : DataStatus.CHANGED;
            String[] parts = dataset.split("\u0000", 2);
            Divergence divergence = status == DataStatus.CHANGED
                    ? diverge(parts[0], parts[1], l.first(), r.first(), asOf, 0) : null;
            diffs.add(new DatasetDiff(parts[0], parts[1], status, List.copyOf(l), List.copyOf(r), divergence));
        }
        return diffs;
    }

    /** Walks up from two versions of one dataset to the first place their lineages part. */
    private Divergence diverge(String namespace, String name, String leftHash, String rightHash, long asOf,
            int depth) {
        String dataset = namespace + "/" + name;
        RunDetail leftRun = producer(namespace, name, leftHash, asOf);
        RunDetail rightRun = producer(namespace, name, rightHash, asOf);
        if (leftRun == null || rightRun == null || depth > 50) {
            return new Divergence("SOURCE", dataset, leftRun == null ? null : leftRun.getRunId(),
                    rightRun == null ? null : rightRun.getRunId(), null, null, null, Map.of(), leftHash, rightHash);
        }
        Map<String, String> leftInputs = inputs(leftRun);
        Map<String, String> rightInputs = inputs(rightRun);
        for (String input : new TreeSet<>(leftInputs.keySet())) {
            String l = leftInputs.get(input);
            String r = rightInputs.get(input);
            if (l != null && r != null && !l.equals(r)) {
                String[] parts = input.split("\u0000", 2);
                return diverge(parts[0], parts[1], l, r, asOf, depth + 1);
            }
        }
        return new Divergence("STEP", dataset, leftRun.getRunId(), rightRun.getRunId(),
                leftRun.getJobNamespace() + "/" + leftRun.getJobName(), leftRun.getCodeCommit(),
                rightRun.getCodeCommit(), diff(leftRun.getParameters(), rightRun.getParameters()), leftHash, rightHash);
    }

    private RunDetail producer(String namespace, String name, String hash, long asOf) {
        List<Edge> producers = graph.inEdges(NodeIds.datasetVersion(namespace, name, hash), EdgeKind.PRODUCED, asOf);
        for (Edge edge : producers) {
            Optional<Node> run = graph.node(edge.getFrom(), asOf);
            if (run.isPresent() && run.get().getDetail() instanceof RunDetail detail) {
                return detail;
            }
        }
        return null;
    }

    private static Map<String, String> inputs(RunDetail run) {
        Map<String, String> inputs = new TreeMap<>();
        run.getInputs().forEach(ref -> {
            if (ref.getContentHash() != null) {
                inputs.put(ref.getNamespace() + "\u0000" + ref.getName(), ref.getContentHash());
            }
        });
        return inputs;
    }

    private static Map<String, TreeSet<String>> hashesByDataset(Provenance provenance) {
        Map<String, TreeSet<String>> byDataset = new TreeMap<>();
        for (DatasetVersionInLineage version : provenance.datasets()) {
            DatasetVersionDetail detail = (DatasetVersionDetail) version.version().getDetail();
            if (detail == null) {
                NodeIds.ParsedId id = NodeIds.parse(version.version().getId());
                byDataset.computeIfAbsent(id.parts().get(0) + "\u0000" + id.parts().get(1), k -> new TreeSet<>())
                        .add(id.parts().get(2));
            } else {
                byDataset.computeIfAbsent(detail.getNamespace() + "\u0000" + detail.getName(), k -> new TreeSet<>())
                        .add(detail.getContentHash());
            }
        }
        return byDataset;
    }

    private static RunDetail firstRun(Provenance provenance) {
        return provenance.trainingRuns().stream().map(Node::getDetail).filter(RunDetail.class::isInstance)
                .map(RunDetail.class::cast).findFirst().orElse(null);
    }

    /** Keys whose values differ, each with [left, right] (null where absent). */
    static Map<String, List<String>> diff(Map<String, String> left, Map<String, String> right) {
        Map<String, List<String>> changes = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(left.keySet());
        keys.addAll(right.keySet());
        for (String key : keys) {
            if (!Objects.equals(left.get(key), right.get(key))) {
                List<String> pair = new ArrayList<>(2);
                pair.add(left.get(key));
                pair.add(right.get(key));
                changes.put(key, pair);
            }
        }
        return changes;
    }

    private static Map<String, Map<String, Double>> metrics(Map<String, Double> left, Map<String, Double> right) {
        Map<String, Map<String, Double>> metrics = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>(left.keySet());
        keys.addAll(right.keySet());
        for (String key : keys) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("left", left.get(key));
            values.put("right", right.get(key));
            values.put("delta", left.containsKey(key) && right.containsKey(key) ? right.get(key) - left.get(key) : null);
            metrics.put(key, values);
        }
        return metrics;
    }

    private static String explain(String left, String right, Verdict verdict, List<DatasetDiff> data,
            Map<String, String> code, Map<String, List<String>> parameters,
            Map<String, List<String>> hyperparameters, Map<String, Map<String, Double>> metrics) {
        StringBuilder text = new StringBuilder();
        switch (verdict) {
            case DATA_CHANGED -> {
                List<String> changed = data.stream().filter(d -> d.status() != DataStatus.SAME)
                        .map(d -> d.namespace() + "/" + d.name() + " (" + d.status() + ")").toList();
                text.append(right).append(" was trained on different data than ").append(left).append(": ")
                        .append(String.join(", ", changed)).append('.');
                data.stream().filter(d -> d.divergence() != null).findFirst().ifPresent(d -> {
                    Divergence div = d.divergence();
                    if (div.kind().equals("SOURCE")) {
                        text.append(" The change comes from the source dataset ").append(div.dataset())
                                .append(", whose content differs (").append(ContentHash.abbreviate(div.leftHash(), "none")).append(" → ")
                                .append(ContentHash.abbreviate(div.rightHash(), "none")).append(") with no step in between that explains it.");
                    } else {
                        text.append(" The lineages part at step ").append(div.job()).append(" (run ")
                                .append(div.leftRun()).append(" vs ").append(div.rightRun())
                                .append("), which read the same inputs but wrote ").append(div.dataset());
                        if (!Objects.equals(div.leftCommit(), div.rightCommit())) {
                            text.append(" with different code (").append(div.leftCommit()).append(" → ")
                                    .append(div.rightCommit()).append(')');
                        }
                        if (!div.parameterChanges().isEmpty()) {
                            text.append(" with different parameters ").append(div.parameterChanges().keySet());
                        }
                        text.append('.');
                    }
                });
            }
            case CODE_CHANGED -> text.append(right).append(" used exactly the same data as ").append(left)
                    .append(", but the training code changed (").append(code.get("left")).append(" → ")
                    .append(code.get("right")).append(").");
            case PARAMETERS_CHANGED -> {
                Map<String, List<String>> all = new TreeMap<>(parameters);
                all.putAll(hyperparameters);
                text.append(right).append(" used the same data and code as ").append(left)
                        .append("; only parameters or hyperparameters differ: ").append(all.keySet()).append('.');
            }
            case NO_LINEAGE_DIFFERENCE -> text.append(left).append(" and ").append(right)
                    .append(" have the same data, code and parameters in their recorded lineage; a difference in ")
                    .append("behaviour must come from something Pedigree was not told about.");
        }
        metrics.forEach((name, values) -> {
            if (values.get("delta") != null && values.get("delta") != 0.0) {
                text.append(String.format(" %s: %.4f → %.4f (%+.4f).", name, values.get("left"), values.get("right"),
                        values.get("delta")));
            }
        });
        return text.toString();
    }

}
