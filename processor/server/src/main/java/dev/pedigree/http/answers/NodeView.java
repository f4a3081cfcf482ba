package dev.pedigree.http.answers;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.pedigree.graph.store.DatasetRef;
import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.ModelVersionDetail;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.RunDetail;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One node: its id, kind and first-seen time, and the fields of its kind (at most one of the three parts is
 * present; a node known only through its edges has none).
 */
public record NodeView(String id, String kind, Instant firstSeen, @JsonUnwrapped DatasetVersionFields datasetVersion,
        @JsonUnwrapped RunFields run, @JsonUnwrapped ModelVersionFields modelVersion) {

    public static NodeView of(Node node) {
        Object detail = node.getDetail();
        return new NodeView(node.getId(), node.getKind().name(), Instant.ofEpochMilli(node.getFirstSeen()),
                detail instanceof DatasetVersionDetail d ? DatasetVersionFields.of(d) : null,
                detail instanceof RunDetail r ? RunFields.of(r) : null,
                detail instanceof ModelVersionDetail m ? ModelVersionFields.of(m) : null);
    }

    public static List<NodeView> of(List<Node> nodes) {
        return nodes.stream().map(NodeView::of).toList();
    }

    /** A dataset version's fields. */
    public record DatasetVersionFields(String namespace, String name, String contentHash, List<String> labels,
            Long rowCount, String schemaFingerprint, String producedByRunId, boolean observed, Instant lastSeen,
            Quality quality, Map<String, String> facets, List<String> fields) {

        static DatasetVersionFields of(DatasetVersionDetail d) {
            return new DatasetVersionFields(d.getNamespace(), d.getName(), d.getContentHash(), d.getLabels(),
                    d.getRowCount(), d.getSchemaFingerprint(), d.getProducedByRunId(), d.getObserved(),
                    Instant.ofEpochMilli(d.getLastSeen()), d.getQuality() == null ? null
                            : new Quality(d.getQuality().getSuite(), d.getQuality().getSuccess(),
                                    d.getQuality().getStatistics()), d.getFacets(), d.getFields());
        }
    }

    /** Data-quality evidence recorded with a dataset version. */
    public record Quality(String suite, boolean success, Map<String, Double> statistics) {
    }

    /** A run's fields. */
    public record RunFields(String runId, Job job, String state, Instant startedAt, Instant endedAt, Code code,
            Map<String, String> parameters, List<DatasetRefView> inputs, List<DatasetRefView> outputs,
            String parentRunId, Map<String, String> facets) {

        static RunFields of(RunDetail r) {
            return new RunFields(r.getRunId(), r.getJobName() == null ? null
                    : new Job(r.getJobNamespace(), r.getJobName()), r.getState() == null ? null : r.getState().toString(),
                    r.getStartedAt() == null ? null : Instant.ofEpochMilli(r.getStartedAt()),
                    r.getEndedAt() == null ? null : Instant.ofEpochMilli(r.getEndedAt()),
                    r.getCodeRepository() == null ? null
                            : new Code(r.getCodeRepository(), r.getCodeCommit(), r.getCodePath()),
                    r.getParameters(), r.getInputs().stream().map(DatasetRefView::of).toList(),
                    r.getOutputs().stream().map(DatasetRefView::of).toList(), r.getParentRunId(), r.getFacets());
        }
    }

    /** A job's namespace and name. */
    public record Job(String namespace, String name) {
    }

    /** Where a run's code is: repository, commit and entry point. */
    public record Code(String repository, String commit, String path) {
    }

    /**
     * A dataset a run read or wrote, with the hash it named (null when it named none) and the columns it named (empty
     * when it named none).
     */
    public record DatasetRefView(String namespace, String name, String contentHash, List<String> fields) {
        static DatasetRefView of(DatasetRef ref) {
            return new DatasetRefView(ref.getNamespace(), ref.getName(), ref.getContentHash(), ref.getFields());
        }
    }

    /** A model version's fields. */
    public record ModelVersionFields(String name, String version, String trainingRunId, String artifactHash,
            Map<String, Double> metrics, Map<String, String> hyperparameters, String stage) {

        static ModelVersionFields of(ModelVersionDetail m) {
            return new ModelVersionFields(m.getName(), m.getVersion(), m.getTrainingRunId(), m.getArtifactHash(),
                    m.getMetrics(), m.getHyperparameters(), m.getStage());
        }
    }
}
