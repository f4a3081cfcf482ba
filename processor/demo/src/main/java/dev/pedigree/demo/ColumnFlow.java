package dev.pedigree.demo;

import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetField;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a step says of its columns, as a column-aware pipeline tells Pedigree (DESIGN's {@code inputs[].fields} and
 * {@code RunEvent.columnLineage}): each output column with the input columns it was computed from and how, and the
 * columns it read of each input. A step that says nothing ({@link #NONE}) is taken to read every column.
 */
final class ColumnFlow {

    /** A step that does not say which columns it read or derived. */
    static final ColumnFlow NONE = new ColumnFlow();

    /** OpenLineage's indirect transformations: they decide which rows there are, not the values. */
    private static final Set<String> INDIRECT = Set.of("FILTER", "JOIN", "GROUP_BY", "SORT", "WINDOW", "CONDITIONAL");

    private final Map<String, List<FieldInput>> byOutput = new LinkedHashMap<>();
    private final Map<DatasetId, Set<String>> read = new LinkedHashMap<>();

    /** A flow to describe with {@link #derive} and {@link #reads}. */
    static ColumnFlow describe() {
        return new ColumnFlow();
    }

    /** {@code output} is computed from {@code fields} of {@code input} by {@code transformation}. */
    ColumnFlow derive(String output, String transformation, Data input, String... fields) {
        DatasetId dataset = input.version().getDataset();
        for (String field : fields) {
            byOutput.computeIfAbsent(output, k -> new ArrayList<>()).add(FieldInput.newBuilder()
                    .setDataset(dataset).setField(field).setTransformation(transformation)
                    .setIndirect(INDIRECT.contains(transformation)).build());
        }
        return reads(input, fields);
    }

    /** The step reads {@code fields} of {@code input} (and, unless said elsewhere, no other of its columns). */
    ColumnFlow reads(Data input, String... fields) {
        read.computeIfAbsent(input.version().getDataset(), k -> new LinkedHashSet<>()).addAll(List.of(fields));
        return this;
    }

    /** The columns read of {@code input}; empty when the step did not say. */
    List<String> read(DatasetId input) {
        return List.copyOf(read.getOrDefault(input, Set.of()));
    }

    /** The column lineage of a step that wrote {@code output}. */
    List<ColumnLineage> lineage(DatasetId output) {
        List<ColumnLineage> lineage = new ArrayList<>();
        byOutput.forEach((field, inputs) -> lineage.add(ColumnLineage.newBuilder()
                .setOutput(DatasetField.newBuilder().setDataset(output).setField(field).build())
                .setInputs(inputs).build()));
        return lineage;
    }
}
