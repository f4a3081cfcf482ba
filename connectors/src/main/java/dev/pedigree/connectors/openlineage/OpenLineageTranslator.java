package dev.pedigree.connectors.openlineage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.events.CodeVersion;
import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.JobId;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.schema.ContentHash;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Translates OpenLineage events (spec 1.x and 2.x: RunEvent, DatasetEvent, JobEvent), parsed with the OpenLineage
 * Java client's model, into Pedigree's native events.
 *
 * <ul>
 *   <li>RunEvent → {@code RunEvent}: {@code eventType} is the state (OTHER or none: RUNNING), the job, inputs and
 *       outputs, {@code parent} facet → parentRunId, job facet {@code sourceCodeLocation} → code (repoUrl or url,
 *       version as commit, path), run facet {@code parameters} (an object of strings) → parameters.</li>
 *   <li>Content hashes: a dataset's {@code version} facet when its {@code datasetVersion} is {@code sha256:} + 64
 *       lowercase hex, else a dataset facet {@code pedigree} with {@code contentHash}. A dataset with neither is
 *       kept as lineage without a hash and listed in {@link Translation#unhashed()} (and, on runs, in the facet
 *       {@code pedigree.unhashed}).</li>
 *   <li>DatasetEvent with a hash → {@code DatasetVersion}; JobEvent → nothing (jobs exist through their runs).</li>
 * </ul>
 * The native event id is derived from the OpenLineage event (run id, type, time), so a re-sent event is a
 * duplicate Pedigree ignores.
 */
public final class OpenLineageTranslator {

    private static final ObjectMapper JSON = OpenLineageClientUtils.newObjectMapper();
    private static final List<String> EVENT_TYPES = List.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

    /** What one OpenLineage event became. */
    public record Translation(String kind, List<SpecificRecord> events, List<String> unhashed) {
    }

    private OpenLineageTranslator() {
    }

    public static Translation translate(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new OpenLineageException("$", "is not JSON: " + e.getOriginalMessage());
        }
        return translate(node, "$");
    }

    /** Translates one parsed event; {@code path} prefixes the JSON paths of errors (e.g. {@code $[3]}). */
    public static Translation translate(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new OpenLineageException(path, "must be an OpenLineage event object");
        }
        require(node, path, "eventTime");
        require(node, path, "producer");
        // A RunEvent has an eventType and a run: one without its run is an invalid RunEvent, not a JobEvent.
        if (node.has("run") || node.has("eventType")) {
            require(node, path, "run");
            require(node.path("run"), path + ".run", "runId");
            requireUuid(node.path("run").path("runId"), path + ".run.runId");
            require(node, path, "job");
            require(node.path("job"), path + ".job", "namespace");
            require(node.path("job"), path + ".job", "name");
            requireEventType(node.path("eventType"), path + ".eventType");
            return withColumns(runEvent(convert(node, path, new TypeReference<OpenLineage.RunEvent>() { }), path), node,
                    path);
        }
        if (node.has("dataset")) {
            require(node.path("dataset"), path + ".dataset", "namespace");
            require(node.path("dataset"), path + ".dataset", "name");
            return datasetEvent(convert(node, path, new TypeReference<OpenLineage.DatasetEvent>() { }));
        }
        if (node.has("job")) {
            require(node.path("job"), path + ".job", "namespace");
            require(node.path("job"), path + ".job", "name");
            return new Translation("JobEvent", List.of(), List.of());
        }
        throw new OpenLineageException(path, "is neither a RunEvent (run), a DatasetEvent (dataset) nor a JobEvent "
                + "(job)");
    }

    private static Translation runEvent(OpenLineage.RunEvent event, String path) {
        List<String> unhashed = new ArrayList<>();
        List<DatasetHash> inputs = new ArrayList<>();
        if (event.getInputs() != null) {
            for (OpenLineage.InputDataset input : event.getInputs()) {
                inputs.add(datasetHash(input.getNamespace(), input.getName(), input.getFacets(), unhashed));
            }
        }
        List<DatasetHash> outputs = new ArrayList<>();
        if (event.getOutputs() != null) {
            for (OpenLineage.OutputDataset output : event.getOutputs()) {
                outputs.add(datasetHash(output.getNamespace(), output.getName(), output.getFacets(), unhashed));
            }
        }
        String runId = event.getRun().getRunId().toString();
        String type = event.getEventType() == null ? "OTHER" : event.getEventType().name();
        RunState state = switch (type) {
            case "START" -> RunState.START;
            case "COMPLETE" -> RunState.COMPLETE;
            case "FAIL" -> RunState.FAIL;
            case "ABORT" -> RunState.ABORT;
            default -> RunState.RUNNING;
        };
        Map<String, String> facets = new LinkedHashMap<>();
        if (!unhashed.isEmpty()) {
            facets.put("pedigree.unhashed", String.join(",", unhashed));
        }
        facets.put("openlineage.eventType", type);
        RunEvent run = RunEvent.newBuilder()
                .setEventId(eventId(runId, type, event.getEventTime().toInstant().toEpochMilli()))
                .setEventTime(event.getEventTime().toInstant())
                .setProducer(event.getProducer().toString())
                .setRunId(runId)
                .setJob(new JobId(event.getJob().getNamespace(), event.getJob().getName()))
                .setState(state)
                .setInputs(inputs)
                .setOutputs(outputs)
                .setCode(code(event.getJob()))
                .setParameters(parameters(event.getRun()))
                .setParentRunId(parentRunId(event.getRun()))
                .setFacets(facets)
                .build();
        return new Translation("RunEvent", List.of(run), unhashed);
    }

    /**
     * The run with what its datasets' facets say of their columns: the {@code schema} facet of each input and output
     * as its {@code fields}, the {@code columnLineage} facet of each output as the run's column lineage.
     */
    private static Translation withColumns(Translation translation, JsonNode node, String path) {
        RunEvent run = (RunEvent) translation.events().get(0);
        List<DatasetHash> inputs = withFields(run.getInputs(), node.path("inputs"));
        List<DatasetHash> outputs = withFields(run.getOutputs(), node.path("outputs"));
        List<ColumnLineage> lineage = new ArrayList<>();
        JsonNode outputNodes = node.path("outputs");
        for (int i = 0; i < outputNodes.size(); i++) {
            JsonNode facet = outputNodes.get(i).path("facets").path("columnLineage");
            if (!facet.isMissingNode() && !facet.isNull()) {
                lineage.addAll(OpenLineageColumnLineage.read(facet, outputs.get(i).getDataset(),
                        outputs.get(i).getFields(), path + ".outputs[" + i + "].facets.columnLineage"));
            }
        }
        if (lineage.size() > 0 || !inputs.equals(run.getInputs()) || !outputs.equals(run.getOutputs())) {
            run = RunEvent.newBuilder(run).setInputs(inputs).setOutputs(outputs).setColumnLineage(lineage).build();
        }
        return new Translation(translation.kind(), List.of(run), translation.unhashed());
    }

    /** Each dataset with the names of its {@code schema} facet's fields, when it has one. */
    private static List<DatasetHash> withFields(List<DatasetHash> datasets, JsonNode nodes) {
        List<DatasetHash> withFields = new ArrayList<>();
        for (int i = 0; i < datasets.size(); i++) {
            JsonNode fields = nodes.path(i).path("facets").path("schema").path("fields");
            List<String> names = new ArrayList<>();
            fields.forEach(field -> {
                if (field.path("name").isTextual()) {
                    names.add(field.path("name").asText());
                }
            });
            withFields.add(names.isEmpty() ? datasets.get(i)
                    : DatasetHash.newBuilder(datasets.get(i)).setFields(names).build());
        }
        return withFields;
    }

    private static Translation datasetEvent(OpenLineage.DatasetEvent event) {
        OpenLineage.StaticDataset dataset = event.getDataset();
        List<String> unhashed = new ArrayList<>();
        DatasetHash hash = datasetHash(dataset.getNamespace(), dataset.getName(), dataset.getFacets(), unhashed);
        if (hash.getContentHash() == null) {
            return new Translation("DatasetEvent", List.of(), unhashed);
        }
        long time = event.getEventTime().toInstant().toEpochMilli();
        OpenLineage.DatasetVersionDatasetFacet version = dataset.getFacets() == null ? null
                : dataset.getFacets().getVersion();
        DatasetVersion observed = DatasetVersion.newBuilder()
                .setEventId(eventId(dataset.getNamespace() + "/" + dataset.getName(), hash.getContentHash(), time))
                .setEventTime(event.getEventTime().toInstant())
                .setProducer(event.getProducer().toString())
                .setDataset(hash.getDataset())
                .setContentHash(hash.getContentHash())
                .setVersionLabel(version == null || version.getDatasetVersion().equals(hash.getContentHash()) ? null
                        : version.getDatasetVersion())
                .build();
        return new Translation("DatasetEvent", List.of(observed), unhashed);
    }

    private static DatasetHash datasetHash(String namespace, String name, OpenLineage.DatasetFacets facets,
            List<String> unhashed) {
        String hash = null;
        if (facets != null) {
            if (facets.getVersion() != null && ContentHash.isValid(facets.getVersion().getDatasetVersion())) {
                hash = facets.getVersion().getDatasetVersion();
            } else if (facets.getAdditionalProperties().get("pedigree") != null) {
                Object value = facets.getAdditionalProperties().get("pedigree").getAdditionalProperties()
                        .get("contentHash");
                if (value != null && ContentHash.isValid(value.toString())) {
                    hash = value.toString();
                }
            }
        }
        if (hash == null) {
            unhashed.add(namespace + "/" + name);
        }
        return new DatasetHash(new DatasetId(namespace, name), hash, List.of());
    }

    private static CodeVersion code(OpenLineage.Job job) {
        if (job.getFacets() == null || job.getFacets().getSourceCodeLocation() == null) {
            return null;
        }
        OpenLineage.SourceCodeLocationJobFacet location = job.getFacets().getSourceCodeLocation();
        String repository = location.getRepoUrl() != null ? location.getRepoUrl()
                : location.getUrl() != null ? location.getUrl().toString() : null;
        return repository == null ? null : new CodeVersion(repository, location.getVersion(), location.getPath());
    }

    private static Map<String, String> parameters(OpenLineage.Run run) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (run.getFacets() != null && run.getFacets().getAdditionalProperties().get("parameters") != null) {
            run.getFacets().getAdditionalProperties().get("parameters").getAdditionalProperties()
                    .forEach((key, value) -> {
                        if (!key.startsWith("_")) {
                            parameters.put(key, String.valueOf(value));
                        }
                    });
        }
        return parameters;
    }

    private static String parentRunId(OpenLineage.Run run) {
        if (run.getFacets() == null || run.getFacets().getParent() == null
                || run.getFacets().getParent().getRun() == null) {
            return null;
        }
        return run.getFacets().getParent().getRun().getRunId().toString();
    }

    private static String eventId(String subject, String type, long time) {
        return UUID.nameUUIDFromBytes((subject + "|" + type + "|" + time).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void require(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw new OpenLineageException(path + "." + field, "is required");
        }
    }

    private static void requireUuid(JsonNode value, String path) {
        try {
            UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw new OpenLineageException(path, "must be a UUID, got '" + abbreviate(value.asText()) + "'");
        }
    }

    /** Optional in the spec; when present, one of its values. */
    private static void requireEventType(JsonNode value, String path) {
        if (!value.isMissingNode() && !value.isNull() && !EVENT_TYPES.contains(value.asText())) {
            throw new OpenLineageException(path, "must be one of " + EVENT_TYPES + ", got '"
                    + abbreviate(value.asText()) + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static <T> T convert(JsonNode node, String path, TypeReference<T> type) {
        try {
            return JSON.convertValue(node, type);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "is not a valid OpenLineage event" : e.getMessage();
            int cut = message.indexOf(" (through reference chain");
            throw new OpenLineageException(path, "is not a valid OpenLineage event: "
                    + (cut > 0 ? message.substring(0, cut) : message).lines().findFirst().orElse(""));
        }
    }
}
