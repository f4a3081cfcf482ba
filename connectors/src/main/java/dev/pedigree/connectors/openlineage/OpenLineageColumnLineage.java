package dev.pedigree.connectors.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetField;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.schema.ColumnLineageRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OpenLineage's {@code columnLineage} dataset facet, in every shape producers send, as a run's column lineage:
 * <ul>
 *   <li>1-0-1: {@code fields.<column>.inputFields[{namespace, name, field}]}, with the older field-level
 *   {@code transformationType} and {@code transformationDescription};</li>
 *   <li>1-2-0: per input field {@code transformations[{type: DIRECT|INDIRECT, subtype, description, masking}]}
 *   (one input per transformation), and the facet-level {@code dataset[]}: inputs that affect the whole dataset,
 *   hence every output column (those of {@code fields} and of the output's {@code schema} facet).</li>
 * </ul>
 */
final class OpenLineageColumnLineage {

    private OpenLineageColumnLineage() {
    }

    static List<ColumnLineage> read(JsonNode facet, DatasetId output, List<String> schemaFields, String path) {
        List<FieldInput> wholeDataset = inputs(facet.path("dataset"), null, null, path + ".dataset");
        Set<String> columns = new LinkedHashSet<>();
        facet.path("fields").fieldNames().forEachRemaining(columns::add);
        if (!wholeDataset.isEmpty()) {
            columns.addAll(schemaFields);
        }
        List<ColumnLineage> lineage = new ArrayList<>();
        for (String column : columns) {
            JsonNode field = facet.path("fields").path(column);
            String fieldPath = path + ".fields." + column;
            List<FieldInput> inputs = inputs(field.path("inputFields"), text(field, "transformationType"),
                    text(field, "transformationDescription"), fieldPath + ".inputFields");
            inputs.addAll(wholeDataset);
            lineage.add(new ColumnLineage(new DatasetField(output, column), inputs));
        }
        return lineage;
    }

    private static List<FieldInput> inputs(JsonNode fields, String legacyType, String legacyDescription,
            String path) {
        List<FieldInput> inputs = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            JsonNode field = fields.get(i);
            String inputPath = path + "[" + i + "]";
            DatasetId dataset = new DatasetId(required(field, "namespace", inputPath),
                    required(field, "name", inputPath));
            String name = required(field, "field", inputPath);
            JsonNode transformations = field.path("transformations");
            if (transformations.isArray() && !transformations.isEmpty()) {
                for (JsonNode transformation : transformations) {
                    inputs.add(new FieldInput(dataset, name, known(text(transformation, "subtype")),
                            "INDIRECT".equalsIgnoreCase(text(transformation, "type")),
                            transformation.path("masking").asBoolean(false), text(transformation, "description")));
                }
            } else {
                String type = legacyType == null ? null : legacyType.toUpperCase(Locale.ROOT);
                String description = legacyDescription;
                if (type != null && known(type) == null) {
                    // An older free-text type (e.g. MASKED): kept in words rather than lost.
                    description = legacyType + (legacyDescription == null ? "" : ": " + legacyDescription);
                }
                inputs.add(new FieldInput(dataset, name, known(type), false,
                        type != null && type.contains("MASK"), description));
            }
        }
        return inputs;
    }

    private static String known(String subtype) {
        if (subtype == null) {
            return null;
        }
        String upper = subtype.toUpperCase(Locale.ROOT);
        return ColumnLineageRules.TRANSFORMATIONS.contains(upper) ? upper : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String required(JsonNode node, String field, String path) {
        String value = text(node, field);
        if (value == null) {
            throw new OpenLineageException(path + "." + field, "is required");
        }
        return value;
    }
}
