package dev.pedigree.graph;

import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.ModelVersionDetail;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.RunDetail;
import dev.pedigree.schema.ContentHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

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

    /** What kind of difference a cause is, from the most upstream to the model. */
    public enum CauseKind { SOURCE, STEP, TRAINING_CODE, TRAINING_PARAMETERS, HYPERPARAMETERS, SEEDS }

    /**
     * One difference along the two lineages.
     *
     * @param dataset for SOURCE, the source dataset whose content differs; for STEP, the dataset the step wrote
     * @param job for STEP and TRAINING_*, the job ({@code namespace/name})
     * @param changes for STEP and the parameter kinds, each changed key with [left, right]
     * @param depth how many steps upstream of the training run (0: the training run itself)
     * @param columnPath for SOURCE and STEP, the columns through which the dataset's changed columns reach the
     *     model, when its versions were profiled and the steps stated their column lineage
     */
    public record Cause(CauseKind kind, String dataset, String job, String leftRun, String rightRun,
            String leftCommit, String rightCommit, Map<String, List<String>> changes, String leftHash,
            String rightHash, int depth, ColumnPath columnPath) {
    }

    /** The names of the columns that differ between two versions of a dataset ({@code namespace/name}). */
    @FunctionalInterface
    public interface ChangedColumns {
        /** Columns are not compared. */
        ChangedColumns NONE = (dataset, fromHash, toHash) -> List.of();

        /** @return the changed columns' names; empty when either version was not profiled */
        List<String> between(String dataset, String fromHash, String toHash);
    }

    /** Traces a changed dataset's changed columns through the right-hand model's lineage. */
    private record PathFinder(GraphReader graph, ChangedColumns changed, Set<String> lineageDatasets,
            Predicate<String> trainingReads, TraversalLimits limits, long asOf) {

        ColumnPath path(String namespace, String name, String leftHash, String rightHash) {
            if (leftHash == null || rightHash == null) {
                return ColumnPath.NONE;
            }
            List<String> columns = changed.between(namespace + "/" + name, leftHash, rightHash);
            return columns.isEmpty() ? ColumnPath.NONE : ColumnPath.trace(graph, namespace, name, columns,
                    lineageDatasets, trainingReads, limits, asOf);
        }
    }

    /** The full comparison. */
    public record Result(Node left, Node right, List<DatasetDiff> data, Map<String, String> code,
            Map<String, List<String>> parameterChanges, Map<String, List<String>> hyperparameterChanges,
            Map<String, Map<String, Double>> metrics, Verdict verdict, String explanation, List<Cause> causes,
            boolean truncated) {
    }

    private final GraphReader graph;
    private final ProvenanceReader provenance;
    private final ChangedColumns changedColumns;

    /** A comparison that does not name columns. */
    public ModelComparison(GraphReader graph) {
        this(graph, ChangedColumns.NONE);
    }

    /** A comparison that names, for each changed dataset, the columns on the path to the model. */
    public ModelComparison(GraphReader graph, ChangedColumns changedColumns) {
        this.graph = graph;
        this.provenance = new ProvenanceReader(graph);
        this.changedColumns = changedColumns;
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
        PathFinder paths = new PathFinder(graph, changedColumns, lineageDatasets(left, right), trainingReads(rightRun),
                limits, asOf);
        List<Cause> causes = causes(leftRun, rightRun, hyperparameters, paths, asOf);
        String explanation = explain(leftName + " " + leftVersion, rightName + " " + rightVersion, verdict, data,
                code, parameters, hyperparameters, metrics, causes);
        return Optional.of(new Result(left.modelVersion(), right.modelVersion(), data, code, parameters,
                hyperparameters, metrics, verdict, explanation, causes,
                left.graph().truncated() || right.graph().truncated()));
    }

    /**
     * Every difference along the two lineages, ordered from the sources to the model: walking up from the
     * training runs' inputs, each dataset whose two versions differ is explained by the steps that wrote them
     * (a STEP cause where their code or parameters differ) and then by those steps' inputs that differ, up to a
     * SOURCE (a version no run produced); then the training code, the training run's parameters, the model's
     * hyperparameters and its seeds.
     */
    private List<Cause> causes(RunDetail leftRun, RunDetail rightRun, Map<String, List<String>> hyperparameters,
            PathFinder paths, long asOf) {
        List<Cause> upstream = new ArrayList<>();
        if (leftRun != null && rightRun != null) {
            Set<String> visited = new HashSet<>();
            differingInputs(leftRun, rightRun).forEach((dataset, hashes) -> walk(dataset, hashes[0], hashes[1], 1,
                    paths, visited, upstream));
        }
        upstream.sort(Comparator.comparingInt(Cause::depth).reversed().thenComparing(c -> c.kind().ordinal())
                .thenComparing(c -> Objects.toString(c.dataset())));
        List<Cause> causes = new ArrayList<>(upstream);
        if (leftRun != null && rightRun != null) {
            String job = leftRun.getJobNamespace() + "/" + leftRun.getJobName();
            if (!Objects.equals(leftRun.getCodeCommit(), rightRun.getCodeCommit())) {
                causes.add(new Cause(CauseKind.TRAINING_CODE, null, job, leftRun.getRunId(), rightRun.getRunId(),
                        leftRun.getCodeCommit(), rightRun.getCodeCommit(), Map.of(), null, null, 0, ColumnPath.NONE));
            }
            Map<String, List<String>> parameters = diff(leftRun.getParameters(), rightRun.getParameters());
            if (!parameters.isEmpty()) {
                causes.add(new Cause(CauseKind.TRAINING_PARAMETERS, null, job, leftRun.getRunId(),
                        rightRun.getRunId(), null, null, parameters, null, null, 0, ColumnPath.NONE));
            }
        }
        Map<String, List<String>> seeds = new TreeMap<>();
        Map<String, List<String>> others = new TreeMap<>();
        hyperparameters.forEach((key, values) -> (isSeed(key) ? seeds : others).put(key, values));
        if (!others.isEmpty()) {
            causes.add(new Cause(CauseKind.HYPERPARAMETERS, null, null, null, null, null, null, others, null, null, 0,
                    ColumnPath.NONE));
        }
        if (!seeds.isEmpty()) {
            causes.add(new Cause(CauseKind.SEEDS, null, null, null, null, null, null, seeds, null, null, 0,
                    ColumnPath.NONE));
        }
        return causes;
    }

    private void walk(String dataset, String leftHash, String rightHash, int depth, PathFinder paths,
            Set<String> visited, List<Cause> causes) {
        String[] parts = dataset.split("\u0000", 2);
        String name = parts[0] + "/" + parts[1];
        if (!visited.add(dataset + "|" + leftHash + "|" + rightHash) || depth > 50) {
            return;
        }
        long asOf = paths.asOf();
        RunDetail leftRun = producer(parts[0], parts[1], leftHash, asOf);
        RunDetail rightRun = producer(parts[0], parts[1], rightHash, asOf);
        if (leftRun == null || rightRun == null) {
            causes.add(new Cause(CauseKind.SOURCE, name, null, leftRun == null ? null : leftRun.getRunId(),
                    rightRun == null ? null : rightRun.getRunId(), null, null, Map.of(), leftHash, rightHash, depth,
                    paths.path(parts[0], parts[1], leftHash, rightHash)));
            return;
        }
        Map<String, List<String>> parameters = diff(leftRun.getParameters(), rightRun.getParameters());
        Map<String, String[]> inputs = differingInputs(leftRun, rightRun);
        boolean codeChanged = !Objects.equals(leftRun.getCodeCommit(), rightRun.getCodeCommit());
        if (codeChanged || !parameters.isEmpty() || inputs.isEmpty()) {
            // A step whose code or parameters changed; or, with the same inputs, code and parameters, one that
            // wrote something else anyway (not deterministic, or told Pedigree less than it did).
            causes.add(new Cause(CauseKind.STEP, name, leftRun.getJobNamespace() + "/" + leftRun.getJobName(),
                    leftRun.getRunId(), rightRun.getRunId(), leftRun.getCodeCommit(), rightRun.getCodeCommit(),
                    parameters, leftHash, rightHash, depth, paths.path(parts[0], parts[1], leftHash, rightHash)));
        }
        inputs.forEach((input, hashes) -> walk(input, hashes[0], hashes[1], depth + 1, paths, visited, causes));
    }

    /** The inputs, by dataset, that two runs read at different hashes: [left, right]. */
    private static Map<String, String[]> differingInputs(RunDetail left, RunDetail right) {
        Map<String, String> l = inputs(left);
        Map<String, String> r = inputs(right);
        Map<String, String[]> differing = new TreeMap<>();
        l.forEach((dataset, hash) -> {
            String other = r.get(dataset);
            if (other != null && !other.equals(hash)) {
                differing.put(dataset, new String[] {hash, other});
            }
        });
        return differing;
    }

    /** The datasets (node ids) of both lineages: where a column path may go. */
    private static Set<String> lineageDatasets(Provenance left, Provenance right) {
        Set<String> datasets = new HashSet<>();
        for (Provenance lineage : List.of(left, right)) {
            for (DatasetVersionInLineage version : lineage.datasets()) {
                List<String> parts = NodeIds.parse(version.version().getId()).parts();
                datasets.add(NodeIds.dataset(parts.get(0), parts.get(1)));
            }
        }
        return datasets;
    }

    /**
     * Whether the training run read a column (field node id): it named it, or named no column of that input. A
     * column of a dataset it did not read is not a training read.
     */
    private static Predicate<String> trainingReads(RunDetail run) {
        Set<String> named = new HashSet<>();
        Set<String> unsaid = new HashSet<>();
        if (run != null) {
            run.getInputs().forEach(input -> {
                if (input.getFields().isEmpty()) {
                    unsaid.add(NodeIds.dataset(input.getNamespace(), input.getName()));
                }
                input.getFields().forEach(field -> named.add(
                        NodeIds.datasetField(input.getNamespace(), input.getName(), field)));
            });
        }
        return field -> {
            List<String> parts = NodeIds.parse(field).parts();
            return named.contains(field) || unsaid.contains(NodeIds.dataset(parts.get(0), parts.get(1)));
        };
    }

    private static boolean isSeed(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("seed") || lower.equals("random_state");
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

    /** Every cause in one sentence, from the sources to the model. */
    static String allCauses(List<Cause> causes) {
        List<String> parts = new ArrayList<>();
        for (Cause cause : causes) {
            parts.add(switch (cause.kind()) {
                case SOURCE -> "the source " + cause.dataset() + " changed content ("
                        + ContentHash.abbreviate(cause.leftHash(), "none") + " → "
                        + ContentHash.abbreviate(cause.rightHash(), "none") + ")";
                case STEP -> "step " + cause.job() + stepChange(cause) + " writing " + cause.dataset();
                case TRAINING_CODE -> "the training code changed (" + cause.leftCommit() + " → " + cause.rightCommit()
                        + ")";
                case TRAINING_PARAMETERS -> "the training run's parameters changed " + changes(cause.changes());
                case HYPERPARAMETERS -> "the hyperparameters changed " + changes(cause.changes());
                case SEEDS -> "the seeds changed " + changes(cause.changes());
            });
        }
        return causes.size() + " differences, from the sources to the model: " + String.join("; ", parts) + ".";
    }

    /** "In dataset, the changed columns a, b reach the model through x → y, …; the training run read z." */
    static String columnSentence(Cause cause) {
        ColumnPath path = cause.columnPath();
        List<String> steps = path.steps().stream().map(step -> columnName(step.from()) + " → "
                + columnName(step.to())).toList();
        StringBuilder sentence = new StringBuilder("In ").append(cause.dataset()).append(", the changed column")
                .append(path.changed().size() == 1 ? " " : "s ")
                .append(String.join(", ", path.changed().stream().map(ModelComparison::columnName).toList()))
                .append(path.changed().size() == 1 ? " reaches" : " reach").append(" the model");
        if (!steps.isEmpty()) {
            sentence.append(" through ").append(String.join(", ", steps));
        }
        if (!path.intoTraining().isEmpty()) {
            sentence.append("; the training run read ").append(String.join(", ",
                    path.intoTraining().stream().map(ModelComparison::columnName).toList()));
        }
        return sentence.append('.').toString();
    }

    /** {@code name.field} of a field node id. */
    private static String columnName(String fieldId) {
        List<String> parts = NodeIds.parse(fieldId).parts();
        return parts.get(1) + "." + parts.get(2);
    }

    private static String stepChange(Cause cause) {
        List<String> what = new ArrayList<>();
        if (!Objects.equals(cause.leftCommit(), cause.rightCommit())) {
            what.add("code " + cause.leftCommit() + " → " + cause.rightCommit());
        }
        if (!cause.changes().isEmpty()) {
            what.add("parameters " + changes(cause.changes()));
        }
        return what.isEmpty() ? " (same inputs, code and parameters, yet other output)"
                : " (" + String.join(", ", what) + ")";
    }

    private static String changes(Map<String, List<String>> changes) {
        List<String> items = new ArrayList<>();
        changes.forEach((key, values) -> items.add(key + " " + values.get(0) + " → " + values.get(1)));
        return String.join(", ", items);
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
            Map<String, List<String>> hyperparameters, Map<String, Map<String, Double>> metrics, List<Cause> causes) {
        StringBuilder text = new StringBuilder();
        switch (verdict) {
            case DATA_CHANGED -> {
                List<String> changed = data.stream().filter(d -> d.status() != DataStatus.SAME)
                        .map(d -> d.namespace() + "/" + d.name() + " (" + d.status() + ")").toList();
                text.append(right).append(" was trained on different data than ").append(left).append(": ")
                        .append(String.join(", ", changed)).append('.');
                if (causes.size() > 1) {
                    text.append(' ').append(allCauses(causes));
                    break;
                }
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
        causes.stream().filter(cause -> cause.columnPath().found())
                .forEach(cause -> text.append(' ').append(columnSentence(cause)));
        metrics.forEach((name, values) -> {
            if (values.get("delta") != null && values.get("delta") != 0.0) {
                text.append(String.format(" %s: %.4f → %.4f (%+.4f).", name, values.get("left"), values.get("right"),
                        values.get("delta")));
            }
        });
        return text.toString();
    }

}
