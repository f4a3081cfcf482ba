package dev.pedigree.schema;

import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.RunEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a run's column lineage: every column names a dataset the run lists (an output among its outputs, an
 * input among its inputs or outputs), a known transformation, at most a budget of column references in all
 * ({@link EventLimits#maxColumnReferences()}), and no cycle (a column derived, through the run's own lineage, from itself).
 */
public final class ColumnLineageRules {

    /** OpenLineage's transformation subtypes: the values of {@code FieldInput.transformation}. */
    public static final Set<String> TRANSFORMATIONS = Set.of("IDENTITY", "TRANSFORMATION", "AGGREGATION", "FILTER",
            "JOIN", "GROUP_BY", "SORT", "WINDOW", "CONDITIONAL");

    private ColumnLineageRules() {
    }

    static void check(RunEvent run, int maxFields) {
        requireFields(run.getInputs(), "inputs");
        requireFields(run.getOutputs(), "outputs");
        List<ColumnLineage> lineage = run.getColumnLineage();
        if (lineage.isEmpty()) {
            return;
        }
        Set<DatasetId> outputs = datasets(run.getOutputs());
        Set<DatasetId> readable = new HashSet<>(datasets(run.getInputs()));
        readable.addAll(outputs);
        Map<String, List<String>> derivedFrom = new HashMap<>();
        int fields = 0;
        for (int i = 0; i < lineage.size(); i++) {
            ColumnLineage column = lineage.get(i);
            String path = "columnLineage[" + i + "]";
            fields += 1 + column.getInputs().size();
            if (fields > maxFields) {
                throw new InvalidEventException("columnLineage", "names more than " + maxFields + " columns (the "
                        + "budget per run, pedigree.lineage.max.columns)");
            }
            requireListed(column.getOutput().getDataset(), outputs, path + ".output.dataset", "outputs");
            EventValidator.requireNotBlank(column.getOutput().getField(), path + ".output.field");
            List<String> sources = derivedFrom.computeIfAbsent(key(column.getOutput().getDataset(),
                    column.getOutput().getField()), k -> new ArrayList<>());
            for (int j = 0; j < column.getInputs().size(); j++) {
                FieldInput input = column.getInputs().get(j);
                String inputPath = path + ".inputs[" + j + "]";
                requireListed(input.getDataset(), readable, inputPath + ".dataset", "inputs or outputs");
                EventValidator.requireNotBlank(input.getField(), inputPath + ".field");
                if (input.getTransformation() != null && !TRANSFORMATIONS.contains(input.getTransformation())) {
                    throw new InvalidEventException(inputPath + ".transformation", "must be one of "
                            + new java.util.TreeSet<>(TRANSFORMATIONS) + ", got '" + input.getTransformation() + "'");
                }
                sources.add(key(input.getDataset(), input.getField()));
            }
        }
        requireAcyclic(derivedFrom);
    }

    private static void requireFields(List<DatasetHash> hashes, String field) {
        for (int i = 0; i < hashes.size(); i++) {
            List<String> names = hashes.get(i).getFields();
            for (int j = 0; j < names.size(); j++) {
                EventValidator.requireNotBlank(names.get(j), field + "[" + i + "].fields[" + j + "]");
            }
        }
    }

    private static Set<DatasetId> datasets(List<DatasetHash> hashes) {
        Set<DatasetId> datasets = new HashSet<>();
        hashes.forEach(hash -> datasets.add(hash.getDataset()));
        return datasets;
    }

    private static void requireListed(DatasetId dataset, Set<DatasetId> listed, String path, String where) {
        if (!listed.contains(dataset)) {
            throw new InvalidEventException(path, "names " + dataset.getNamespace() + "/" + dataset.getName()
                    + ", which the run does not list among its " + where);
        }
    }

    /** A column, unambiguously: namespace, name and field joined by NUL, which none of them can hold in a key. */
    private static String key(DatasetId dataset, String field) {
        return dataset.getNamespace() + '\u0000' + dataset.getName() + '\u0000' + field;
    }

    /** Depth-first, iteratively (a long chain must not overflow the stack): white, grey (on the path), black. */
    private static void requireAcyclic(Map<String, List<String>> derivedFrom) {
        Map<String, Integer> state = new HashMap<>();
        for (String start : derivedFrom.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            List<String> path = new ArrayList<>(List.of(start));
            List<Integer> next = new ArrayList<>(List.of(0));
            state.put(start, 1);
            while (!path.isEmpty()) {
                String column = path.get(path.size() - 1);
                List<String> sources = derivedFrom.getOrDefault(column, List.of());
                int at = next.get(next.size() - 1);
                if (at == sources.size()) {
                    state.put(column, 2);
                    path.remove(path.size() - 1);
                    next.remove(next.size() - 1);
                    continue;
                }
                next.set(next.size() - 1, at + 1);
                String source = sources.get(at);
                Integer seen = state.get(source);
                if (seen != null && seen == 1) {
                    throw new InvalidEventException("columnLineage", "has a cycle: " + describe(source)
                            + " derives from itself");
                }
                if (seen == null) {
                    state.put(source, 1);
                    path.add(source);
                    next.add(0);
                }
            }
        }
    }

    private static String describe(String key) {
        String[] parts = key.split("\u0000", -1);
        return parts[0] + "/" + parts[1] + "." + parts[2];
    }
}
