package dev.pedigree.graph;

import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The columns through which a change in some columns of one dataset reaches a model: the derived-column edges
 * ({@code DERIVED}) from those columns into datasets of the model's lineage, kept only where they lead on to a column
 * the training run read (a column it named, or any column of an input it named none of). What {@code GET /v1/models/compare} names for a cause when the
 * column lineage is known.
 *
 * @param changed the changed columns (field node ids) from which a path reaches the model
 * @param steps each derived-column edge on those paths, nearest the change first
 * @param intoTraining the columns on the paths that the training run read (field node ids)
 */
public record ColumnPath(List<String> changed, List<Step> steps, List<String> intoTraining) {

    /** No column lineage known, or no changed column known. */
    public static final ColumnPath NONE = new ColumnPath(List.of(), List.of(), List.of());

    /** One column computed from another by a run. */
    public record Step(String from, String to, String runId, String transformation) {
    }

    /** Whether a path was found (there are columns to name). */
    public boolean found() {
        return !changed.isEmpty();
    }

    /**
     * @param columns the changed columns of {@code namespace/name}
     * @param lineageDatasets the dataset node ids of the model's lineage: paths stay inside them
     * @param trainingReads whether the training run read a column (field node id)
     */
    public static ColumnPath trace(GraphReader graph, String namespace, String name, Collection<String> columns,
            Set<String> lineageDatasets, Predicate<String> trainingReads, TraversalLimits limits, long asOf) {
        Map<String, Integer> starts = new LinkedHashMap<>();
        for (String column : columns) {
            starts.put(NodeIds.datasetField(namespace, name, column), 0);
        }
        Subgraph derived = graph.traverse(starts, Direction.DOWNSTREAM, limits, asOf);
        Map<String, List<Edge>> out = new HashMap<>();
        for (Edge edge : derived.edges()) {
            if (edge.getKind() == EdgeKind.DERIVED && lineageDatasets.contains(datasetOf(edge.getTo()))) {
                out.computeIfAbsent(edge.getFrom(), k -> new ArrayList<>()).add(edge);
            }
        }
        Set<String> leadToModel = leadingTo(out, starts.keySet(), trainingReads);
        List<String> changed = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Set<String> intoTraining = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String start : starts.keySet()) {
            if (leadToModel.contains(start)) {
                changed.add(start);
                seen.add(start);
                queue.add(start);
            }
        }
        while (!queue.isEmpty()) {
            String column = queue.poll();
            if (trainingReads.test(column)) {
                intoTraining.add(column);
            }
            for (Edge edge : out.getOrDefault(column, List.of())) {
                if (leadToModel.contains(edge.getTo())) {
                    steps.add(new Step(edge.getFrom(), edge.getTo(), edge.getRunId(), edge.getTransformation()));
                    if (seen.add(edge.getTo())) {
                        queue.add(edge.getTo());
                    }
                }
            }
        }
        return changed.isEmpty() ? NONE : new ColumnPath(changed, steps, List.copyOf(intoTraining));
    }

    /** The columns reachable from the starts over {@code out} from which a training read can be reached. */
    private static Set<String> leadingTo(Map<String, List<Edge>> out, Set<String> starts,
            Predicate<String> trainingReads) {
        Set<String> reachable = new HashSet<>(starts);
        Deque<String> queue = new ArrayDeque<>(starts);
        Map<String, List<String>> in = new HashMap<>();
        while (!queue.isEmpty()) {
            for (Edge edge : out.getOrDefault(queue.poll(), List.of())) {
                in.computeIfAbsent(edge.getTo(), k -> new ArrayList<>()).add(edge.getFrom());
                if (reachable.add(edge.getTo())) {
                    queue.add(edge.getTo());
                }
            }
        }
        Set<String> leading = new HashSet<>();
        for (String column : reachable) {
            if (trainingReads.test(column)) {
                leading.add(column);
                queue.add(column);
            }
        }
        while (!queue.isEmpty()) {
            for (String from : in.getOrDefault(queue.poll(), List.of())) {
                if (leading.add(from)) {
                    queue.add(from);
                }
            }
        }
        return leading;
    }

    private static String datasetOf(String fieldId) {
        List<String> parts = NodeIds.parse(fieldId).parts();
        return NodeIds.dataset(parts.get(0), parts.get(1));
    }
}
