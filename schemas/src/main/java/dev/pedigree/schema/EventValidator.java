package dev.pedigree.schema;

import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks the rules of the contract that Avro's types cannot express: ids are not blank, every content hash is
 * {@code sha256:} + 64 lowercase hex digits.
 *
 * <p>The serde calls it on every event it writes and reads, so an invalid event is refused where it is built and
 * sent to the dead-letter topic where it is read. Records of other types pass unchecked.
 */
public final class EventValidator {

    private EventValidator() {
    }

    /**
     * Validates a lineage event within the default {@link EventLimits}.
     *
     * @throws InvalidEventException naming the first offending field
     */
    public static <T extends SpecificRecord> T validate(T event) {
        return validate(event, EventLimits.DEFAULT);
    }

    /**
     * Validates a lineage event within {@code limits}.
     *
     * @throws InvalidEventException naming the first offending field
     */
    public static <T extends SpecificRecord> T validate(T event, EventLimits limits) {
        if (event instanceof DatasetVersion e) {
            validateDatasetVersion(e);
        } else if (event instanceof RunEvent e) {
            validateRun(e, limits);
        } else if (event instanceof ModelVersion e) {
            validateModel(e);
        } else if (event instanceof Prediction e) {
            validatePrediction(e);
        } else if (event instanceof LineageAlert e) {
            validateAlert(e);
        }
        return event;
    }

    private static void validateDatasetVersion(DatasetVersion e) {
        requireCommon(e.getEventId(), e.getProducer());
        requireDataset(e.getDataset(), "dataset");
        ContentHash.require(e.getContentHash(), "contentHash");
        optionalNotBlank(e.getProducedByRunId(), "producedByRunId");
        requireColumns(e.getColumns());
    }

    /** Column profiles: unique names, counts that are not negative, a content hash each. */
    private static void requireColumns(java.util.List<ColumnProfile> columns) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnProfile column = columns.get(i);
            String field = "columns[" + i + "]";
            requireNotBlank(column.getName(), field + ".name");
            if (!names.add(column.getName())) {
                throw new InvalidEventException(field + ".name", "column '" + column.getName() + "' is profiled twice");
            }
            if (column.getCount() < 0 || column.getNulls() < 0 || column.getDistinct() < 0) {
                throw new InvalidEventException(field, "count, nulls and distinct cannot be negative");
            }
            ContentHash.require(column.getContentHash(), field + ".contentHash");
        }
    }

    private static void validateRun(RunEvent e, EventLimits limits) {
        requireCommon(e.getEventId(), e.getProducer());
        requireNotBlank(e.getRunId(), "runId");
        requireNotBlank(e.getJob().getNamespace(), "job.namespace");
        requireNotBlank(e.getJob().getName(), "job.name");
        requireDatasetHashes(e.getInputs(), "inputs");
        requireDatasetHashes(e.getOutputs(), "outputs");
        optionalNotBlank(e.getParentRunId(), "parentRunId");
        if (e.getCode() != null) {
            requireNotBlank(e.getCode().getRepository(), "code.repository");
        }
        ColumnLineageRules.check(e, limits.maxColumnReferences());
    }

    private static void validateModel(ModelVersion e) {
        requireCommon(e.getEventId(), e.getProducer());
        requireNotBlank(e.getName(), "name");
        requireNotBlank(e.getVersion(), "version");
        requireNotBlank(e.getTrainingRunId(), "trainingRunId");
        if (e.getArtifactHash() != null) {
            ContentHash.require(e.getArtifactHash(), "artifactHash");
        }
    }

    private static void validatePrediction(Prediction e) {
        requireCommon(e.getEventId(), e.getProducer());
        requireNotBlank(e.getPredictionId(), "predictionId");
        requireNotBlank(e.getModel().getName(), "model.name");
        requireNotBlank(e.getModel().getVersion(), "model.version");
        requireDatasetHashes(e.getFeatures(), "features");
        if (e.getInputHash() != null) {
            ContentHash.require(e.getInputHash(), "inputHash");
        }
    }

    private static void validateAlert(LineageAlert e) {
        requireNotBlank(e.getAlertId(), "alertId");
        requireDataset(e.getDataset(), "dataset");
        if (e.getExpectedHash() != null) {
            ContentHash.require(e.getExpectedHash(), "expectedHash");
        }
        if (e.getObservedHash() != null) {
            ContentHash.require(e.getObservedHash(), "observedHash");
        }
    }

    private static void requireCommon(String eventId, String producer) {
        requireNotBlank(eventId, "eventId");
        requireNotBlank(producer, "producer");
    }

    private static void requireDataset(DatasetId dataset, String field) {
        requireNotBlank(dataset.getNamespace(), field + ".namespace");
        requireNotBlank(dataset.getName(), field + ".name");
    }

    private static void requireDatasetHashes(List<DatasetHash> hashes, String field) {
        for (int i = 0; i < hashes.size(); i++) {
            DatasetHash hash = hashes.get(i);
            String path = field + "[" + i + "]";
            requireDataset(hash.getDataset(), path + ".dataset");
            if (hash.getContentHash() != null) {
                ContentHash.require(hash.getContentHash(), path + ".contentHash");
            }
        }
    }

    private static void optionalNotBlank(String value, String field) {
        if (value != null) {
            requireNotBlank(value, field);
        }
    }

    static void requireNotBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field, "must not be blank");
        }
    }
}
