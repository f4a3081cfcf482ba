package dev.pedigree.http.answers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.pedigree.streams.RestoreProgress;
import java.util.List;

/** The answers of the routes that put the views above together, and the API's error and status bodies. */
public final class Answers {

    private Answers() {
    }

    /** {@code GET /v1/lineage}: the subgraph around {@code root}. */
    public record Lineage(String root, @JsonUnwrapped SubgraphView graph) {
    }

    /** {@code GET /v1/datasets/{namespace}/{name}}: the dataset's versions and its alerts. */
    public record Dataset(String id, String namespace, String name, List<NodeView> versions, List<AlertView> alerts) {
    }

    /** {@code GET /v1/datasets/{namespace}/{name}/versions/{contentHash}}: one version and its columns. */
    public record DatasetVersion(@JsonUnwrapped NodeView version, List<ColumnProfileView> columns) {
    }

    /** {@code GET /v1/datasets/{namespace}/{name}/diff}: column by column, and which columns drifted. */
    public record DatasetDiff(String dataset, String from, String to, double threshold, List<ColumnDiffView> columns,
            List<String> drifted) {
    }

    /** One column's difference: status, both profiles, the drift score and the change of the null share. */
    public record ColumnDiffView(String name, String status, ColumnProfileView from, ColumnProfileView to, Double psi,
            double nullFractionChange, boolean drifted, String statistic) {
    }

    /** {@code GET /v1/alerts}: alerts, newest first. */
    public record Alerts(List<AlertView> alerts) {
    }

    /** {@code GET /v1/models/{name}/versions/{version}}: its provenance and the predictions it served. */
    public record ModelVersion(@JsonUnwrapped ProvenanceView provenance, UsageView predictions) {
    }

    /** {@code POST /v1/events/{kind}}: where an accepted event was written. */
    public record EventAccepted(String eventId, String topic, int partition, long offset) {
    }

    /** {@code POST /api/v1/lineage[/batch]}: the OpenLineage events received, what they became, what had no hash. */
    public record LineageReceived(int received, List<Published> published, List<String> unhashed) {
    }

    /**
     * {@code POST /v1/events/{kind}/batch} and {@code /api/v1/lineage/batch}: how many events the batch had, how
     * many were published and refused, what went wrong with the request as a whole (a body over the limit, a broker
     * down: then only the events listed as published went through), and each event by index.
     */
    public record BatchReceived(int received, int published, int refused, String error, List<BatchEvent> events) {
    }

    /**
     * One event of a batch: {@code PUBLISHED} (with the native events it became: one for a native event, what an
     * OpenLineage event was translated into), {@code REFUSED} (invalid: {@code error} and {@code field} say why and
     * where; not published), or {@code NOT_PUBLISHED} (valid, but the broker did not take it: send it again).
     */
    public record BatchEvent(int index, String status, List<PublishedEvent> published, List<String> unhashed,
            String error, String field) {
    }

    /** A native event in its topic. */
    public record PublishedEvent(String type, String eventId, String topic, int partition, long offset) {
    }

    /** One native event an OpenLineage event was translated into. */
    public record Published(String type, String eventId, String topic) {
    }

    /** Health: {@code UP}, {@code READY}. */
    public record Status(String status) {
    }

    /**
     * Not ready: {@code STARTING} (the processor is not attached yet) or {@code NOT_RUNNING} (rebalancing, or
     * failed); with how far the state stores' restore got, when one was begun.
     */
    public record NotReady(String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) RestoreProgress.Snapshot restore) {
    }

    /** Every error: a short kind, the message, and the parameter it is about when there is one. */
    public record Error(String error, String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) String parameter) {
    }

    /** {@code GET /v1/audit/key}: the key that signs checkpoints, and the keys that signed earlier ones. */
    public record AuditKey(String name, String key, List<String> previous) {
    }

    /** One signed checkpoint of a log. */
    public record AuditCheckpoint(String log, long treeSize, java.time.Instant time, String note) {
    }

    /** {@code GET /v1/audit/checkpoints}: newest last. */
    public record AuditCheckpoints(List<AuditCheckpoint> checkpoints) {
    }

    /** {@code GET /v1/audit/consistency}: the proof between two checkpoints of a log, with both checkpoints. */
    public record AuditConsistency(String log, long from, long to, List<String> proof, String fromCheckpoint,
            String toCheckpoint) {
    }
}
