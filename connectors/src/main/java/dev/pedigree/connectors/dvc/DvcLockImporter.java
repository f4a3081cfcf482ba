package dev.pedigree.connectors.dvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pedigree.connectors.hashing.DatasetHasher;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.JobId;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads DVC's {@code dvc.lock} and turns each stage into a completed run: job {@code dvc://<repository>} /
 * stage name, {@code deps} as inputs, {@code outs} as outputs, {@code params} as parameters (the key without
 * its file), {@code cmd} and each path's DVC md5 as facets ({@code dvc.cmd}, {@code dvc.md5.<path>}).
 *
 * <p>Datasets are {@code file://<repository>} / path; their Pedigree content hash is computed from the files
 * when they are present (a directory hashes its files), else they are linked without a hash. The run id is derived
 * from the repository, the stage and its lock entry, so importing the same lock twice changes nothing.
 */
public final class DvcLockImporter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String PRODUCER = "https://github.com/pedigree/pedigree/dvc";

    private DvcLockImporter() {
    }

    public static List<RunEvent> read(Path lockFile) throws IOException {
        Path repository = lockFile.toAbsolutePath().normalize().getParent();
        JsonNode lock = YAML.readTree(lockFile.toFile());
        if (lock == null || !lock.path("stages").isObject()) {
            throw new IOException(lockFile + " has no 'stages': not a dvc.lock (schema 2.0) file");
        }
        Instant time = Files.getLastModifiedTime(lockFile).toInstant();
        String namespace = "file://" + repository;
        List<RunEvent> runs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> stages = lock.path("stages").fields();
        while (stages.hasNext()) {
            Map.Entry<String, JsonNode> stage = stages.next();
            JsonNode entry = stage.getValue();
            Map<String, String> facets = new LinkedHashMap<>();
            if (entry.hasNonNull("cmd")) {
                facets.put("dvc.cmd", entry.get("cmd").isArray() ? String.join(" && ", texts(entry.get("cmd")))
                        : entry.get("cmd").asText());
            }
            List<DatasetHash> inputs = datasets(entry.path("deps"), repository, namespace, facets);
            List<DatasetHash> outputs = datasets(entry.path("outs"), repository, namespace, facets);
            Map<String, String> parameters = new LinkedHashMap<>();
            entry.path("params").fields().forEachRemaining(file -> flatten("", file.getValue(), parameters));
            String runId = UUID.nameUUIDFromBytes((repository + "|" + stage.getKey() + "|" + entry)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            runs.add(RunEvent.newBuilder()
                    .setEventId(UUID.nameUUIDFromBytes(("event|" + runId).getBytes(StandardCharsets.UTF_8)).toString())
                    .setEventTime(time)
                    .setProducer(PRODUCER)
                    .setRunId(runId)
                    .setJob(new JobId("dvc://" + repository, stage.getKey()))
                    .setState(RunState.COMPLETE)
                    .setInputs(inputs)
                    .setOutputs(outputs)
                    .setParameters(parameters)
                    .setFacets(facets)
                    .build());
        }
        return runs;
    }

    private static List<DatasetHash> datasets(JsonNode items, Path repository, String namespace,
            Map<String, String> facets) throws IOException {
        List<DatasetHash> datasets = new ArrayList<>();
        for (JsonNode item : items) {
            String path = item.path("path").asText();
            if (path.isEmpty()) {
                continue;
            }
            String md5 = item.hasNonNull("md5") ? item.get("md5").asText() : item.path("hash").asText(null);
            if (md5 != null) {
                facets.put("dvc.md5." + path, md5);
            }
            Path file = repository.resolve(path);
            String hash = Files.exists(file) ? DatasetHasher.hash(file).contentHash() : null;
            datasets.add(new DatasetHash(new DatasetId(namespace, path), hash, List.of()));
        }
        return datasets;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> flatten(prefix.isEmpty() ? field.getKey()
                    : prefix + "." + field.getKey(), field.getValue(), into));
        } else {
            into.put(prefix, node.isTextual() ? node.asText() : node.toString());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
