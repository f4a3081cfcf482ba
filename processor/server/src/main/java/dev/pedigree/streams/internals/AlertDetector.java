package dev.pedigree.streams.internals;

import dev.pedigree.events.AlertType;
import dev.pedigree.events.ColumnChange;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Severity;
import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.Impact;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.Subgraph;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.graph.store.PendingCheck;
import dev.pedigree.profiles.ColumnDiff;
import dev.pedigree.profiles.DriftSettings;
import dev.pedigree.profiles.ProfileDiff;
import dev.pedigree.schema.ContentHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The four "hash changed unexpectedly" rules of DESIGN, evaluated in the dataset's partition where its whole
 * history is:
 * <ul>
 *   <li>{@code HASH_CHANGED_IN_PLACE} (CRITICAL, at once): a label already seen arrives with another hash;</li>
 *   <li>{@code SCHEMA_CHANGED} (WARNING, at once): the schema fingerprint differs from the latest other version's;</li>
 *   <li>{@code UNDECLARED_CHANGE} (WARNING, after the grace period): a new hash of a dataset that had others, and
 *       no run declared it among its outputs by then (not for a change already alerted as in place);</li>
 *   <li>{@code INPUT_HASH_MISMATCH} (CRITICAL, after the grace period): a run read a hash that was neither observed
 *       nor declared as some run's output by then.</li>
 * </ul>
 * The grace period runs on wall-clock time, so an alert comes on time even when no more events arrive. Alert ids
 * are derived from the anomaly, and raised ids are remembered: re-delivered events never alert twice.
 */
final class AlertDetector {

    /** Alerts list what is affected, not how many predictions it served: no usage counts are read. */
    private static final Impact.UsageSource NO_USAGE = (keys, featureVersion) -> new Impact.Usage(Map.of(), Map.of());
    private static final TraversalLimits AFFECTED_LIMITS = new TraversalLimits(10, 200);
    private static final StringSerializer KEYS = new StringSerializer();
    static final String PRODUCER = "https://github.com/pedigree/pedigree/processor";

    private final KeyValueStore<String, Node> history;
    private final KeyValueStore<String, PendingCheck> pending;
    private final KeyValueStore<String, Long> raised;
    private final GraphReader graph;
    private final long graceMs;

    AlertDetector(KeyValueStore<String, Node> history, KeyValueStore<String, PendingCheck> pending,
            KeyValueStore<String, Long> raised, GraphReader graph, long graceMs) {
        this.history = history;
        this.pending = pending;
        this.raised = raised;
        this.graph = graph;
        this.graceMs = graceMs;
    }

    /** Rules that fire when a DatasetVersion event is merged into {@code version}. */
    List<LineageAlert> onObserved(Node version, boolean firstObservation, DatasetVersion event, long now) {
        DatasetVersionDetail detail = (DatasetVersionDetail) version.getDetail();
        List<LineageAlert> alerts = new ArrayList<>();
        List<Node> others = otherVersions(detail);
        String label = event.getVersionLabel();
        boolean inPlace = false;
        if (label != null) {
            for (Node other : others) {
                DatasetVersionDetail o = (DatasetVersionDetail) other.getDetail();
                if (o.getLabels().contains(label)) {
                    inPlace = true;
                    boolean otherFirst = other.getFirstSeen() <= version.getFirstSeen();
                    String expected = otherFirst ? o.getContentHash() : detail.getContentHash();
                    String observed = otherFirst ? detail.getContentHash() : o.getContentHash();
                    raise(alerts, AlertType.HASH_CHANGED_IN_PLACE, Severity.CRITICAL, detail, label, expected,
                            observed, null, () -> affected(NodeIds.datasetVersion(detail.getNamespace(),
                                    detail.getName(), expected)),
                            "", String.format("%s/%s label '%s' was %s and is now %s: the data changed in place",
                                    detail.getNamespace(), detail.getName(), label, ContentHash.abbreviate(expected, "(none)"),
                                    ContentHash.abbreviate(observed, "(none)")), now);
                }
            }
        }
        String fingerprint = detail.getSchemaFingerprint();
        if (fingerprint != null) {
            others.stream().filter(o -> ((DatasetVersionDetail) o.getDetail()).getSchemaFingerprint() != null)
                    .max((a, b) -> Long.compare(a.getFirstSeen(), b.getFirstSeen()))
                    .filter(o -> !fingerprint.equals(((DatasetVersionDetail) o.getDetail()).getSchemaFingerprint()))
                    .ifPresent(previous -> {
                        String before = ((DatasetVersionDetail) previous.getDetail()).getSchemaFingerprint();
                        raise(alerts, AlertType.SCHEMA_CHANGED, Severity.WARNING, detail, label,
                                ((DatasetVersionDetail) previous.getDetail()).getContentHash(), detail.getContentHash(),
                                null, () -> affected(NodeIds.dataset(detail.getNamespace(), detail.getName())),
                                before + "→" + fingerprint, String.format("%s/%s changed schema: %s → %s",
                                        detail.getNamespace(), detail.getName(), shortFingerprint(before),
                                        shortFingerprint(fingerprint)), now);
                    });
        }
        // An in-place change is already CRITICAL; the same event is not reported again as undeclared.
        if (firstObservation && !inPlace && detail.getDeclaredBy().isEmpty()
                && others.stream().anyMatch(o -> ((DatasetVersionDetail) o.getDetail()).getObserved())) {
            schedule("U|" + version.getId(), new PendingCheck(AlertType.UNDECLARED_CHANGE.name(),
                    detail.getNamespace(), detail.getName(), detail.getContentHash(), null, now + graceMs));
        }
        return alerts;
    }

    /**
     * {@code DISTRIBUTION_DRIFT}: the first profiled event of {@code version} against the reference pinned for the
     * dataset, else the profiled version first seen before it (declared by a run or not: a step's bug is exactly
     * a declared output that is wrong).
     */
    List<LineageAlert> onProfiled(Node version, DatasetVersion event, KeyValueStore<String, DatasetVersion> profiles,
            DriftSettings settings, long now) {
        DatasetVersionDetail detail = (DatasetVersionDetail) version.getDetail();
        String dataset = detail.getNamespace() + "/" + detail.getName();
        DatasetVersion reference = referenceOf(version, dataset, profiles, settings);
        List<LineageAlert> alerts = new ArrayList<>();
        if (reference == null) {
            return alerts;
        }
        double threshold = settings.thresholdOf(dataset);
        List<ColumnDiff> drifted = ProfileDiff.of(reference.getColumns(), event.getColumns()).stream()
                .filter(diff -> diff.drifted(threshold)).toList();
        if (drifted.isEmpty()) {
            return alerts;
        }
        boolean critical = drifted.stream().anyMatch(d -> d.psi() != null && d.psi() >= settings.critical());
        String columns = drifted.stream().map(d -> d.name() + ": " + d.statistic()).collect(Collectors.joining("; "));
        raise(alerts, AlertType.DISTRIBUTION_DRIFT, critical ? Severity.CRITICAL : Severity.WARNING, detail,
                event.getVersionLabel(), reference.getContentHash(), detail.getContentHash(), event.getProducedByRunId(),
                () -> Objects.requireNonNullElseGet(affectedByColumns(detail, drifted.stream().map(ColumnDiff::name)
                        .toList()), () -> affected(NodeIds.dataset(detail.getNamespace(), detail.getName()))), "",
                String.format("%s %s drifted from %s: %s", dataset, ContentHash.abbreviate(detail.getContentHash(), "-"),
                        ContentHash.abbreviate(reference.getContentHash(), "-"), columns), now);
        alerts.forEach(alert -> alert.setColumns(drifted.stream().map(d -> new ColumnChange(d.name(), d.statistic(),
                d.psi(), d.nullFractionChange(), d.fromType(), d.toType())).toList()));
        return alerts;
    }

    private DatasetVersion referenceOf(Node version, String dataset, KeyValueStore<String, DatasetVersion> profiles,
            DriftSettings settings) {
        DatasetVersionDetail detail = (DatasetVersionDetail) version.getDetail();
        String pinned = settings.referenceOf(dataset);
        if (pinned != null) {
            return pinned.equals(detail.getContentHash()) ? null
                    : profiles.get(NodeIds.datasetVersion(detail.getNamespace(), detail.getName(), pinned));
        }
        return otherVersions(detail).stream()
                .filter(other -> other.getFirstSeen() <= version.getFirstSeen())
                .sorted((a, b) -> Long.compare(b.getFirstSeen(), a.getFirstSeen()))
                .map(other -> profiles.get(other.getId()))
                .filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    /** A run read {@code version}: if nothing vouches for that hash yet, check again after the grace period. */
    void onInputReference(Node version, String runId, long now) {
        DatasetVersionDetail detail = (DatasetVersionDetail) version.getDetail();
        if (!isKnown(detail)) {
            schedule("I|" + version.getId() + "|" + NodeIds.run(runId), new PendingCheck(
                    AlertType.INPUT_HASH_MISMATCH.name(), detail.getNamespace(), detail.getName(),
                    detail.getContentHash(), runId, now + graceMs));
        }
    }

    /** Evaluates the checks whose grace period has passed. */
    List<LineageAlert> due(long now) {
        List<KeyValue<String, PendingCheck>> ready = new ArrayList<>();
        try (KeyValueIterator<String, PendingCheck> all = pending.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.getDueAt() <= now) {
                    ready.add(entry);
                }
            });
        }
        List<LineageAlert> alerts = new ArrayList<>();
        for (KeyValue<String, PendingCheck> entry : ready) {
            pending.delete(entry.key);
            PendingCheck check = entry.value;
            String versionId = NodeIds.datasetVersion(check.getNamespace(), check.getName(), check.getContentHash());
            Node version = history.get(versionId);
            if (version == null) {
                continue;
            }
            DatasetVersionDetail detail = (DatasetVersionDetail) version.getDetail();
            if (check.getType().equals(AlertType.UNDECLARED_CHANGE.name()) && detail.getDeclaredBy().isEmpty()) {
                String previous = otherVersions(detail).stream()
                        .filter(o -> ((DatasetVersionDetail) o.getDetail()).getObserved())
                        .max((a, b) -> Long.compare(a.getFirstSeen(), b.getFirstSeen()))
                        .map(o -> ((DatasetVersionDetail) o.getDetail()).getContentHash()).orElse(null);
                raise(alerts, AlertType.UNDECLARED_CHANGE, Severity.WARNING, detail, firstLabel(detail), previous,
                        detail.getContentHash(), detail.getProducedByRunId(),
                        () -> affected(NodeIds.dataset(detail.getNamespace(), detail.getName())), "", String.format(
                                "%s/%s has new content %s (was %s) and no run declared it as an output within %d s",
                                detail.getNamespace(), detail.getName(), ContentHash.abbreviate(detail.getContentHash(), "(none)"),
                                ContentHash.abbreviate(previous, "(none)"), graceMs / 1000), now);
            } else if (check.getType().equals(AlertType.INPUT_HASH_MISMATCH.name()) && !isKnown(detail)) {
                raise(alerts, AlertType.INPUT_HASH_MISMATCH, Severity.CRITICAL, detail, null, null,
                        detail.getContentHash(), check.getRunId(), () -> affected(NodeIds.run(check.getRunId())), "",
                        String.format(
                                "run %s read %s/%s at %s, a hash never observed for it", check.getRunId(),
                                detail.getNamespace(), detail.getName(), ContentHash.abbreviate(detail.getContentHash(), "(none)")), now);
            }
        }
        return alerts;
    }

    /** A SHA-256 fingerprint shortened for people; any other fingerprint (a column list…) as it is. */
    private static String shortFingerprint(String fingerprint) {
        return ContentHash.isValid(fingerprint) ? ContentHash.abbreviate(fingerprint, "-") : fingerprint;
    }

    private static boolean isKnown(DatasetVersionDetail detail) {
        return detail.getObserved() || !detail.getDeclaredBy().isEmpty();
    }

    private static String firstLabel(DatasetVersionDetail detail) {
        return detail.getLabels().isEmpty() ? null : detail.getLabels().get(0);
    }

    private void schedule(String key, PendingCheck check) {
        if (pending.get(key) == null) {
            pending.put(key, check);
        }
    }

    private List<Node> otherVersions(DatasetVersionDetail detail) {
        String prefix = NodeIds.datasetVersion(detail.getNamespace(), detail.getName(), "x");
        prefix = prefix.substring(0, prefix.length() - 1);
        List<Node> others = new ArrayList<>();
        try (KeyValueIterator<String, Node> versions = history.prefixScan(prefix, KEYS)) {
            versions.forEachRemaining(entry -> {
                DatasetVersionDetail other = (DatasetVersionDetail) entry.value.getDetail();
                if (other != null && !other.getContentHash().equals(detail.getContentHash())) {
                    others.add(entry.value);
                }
            });
        }
        return others;
    }

    private void raise(List<LineageAlert> into, AlertType type, Severity severity, DatasetVersionDetail detail,
            String label, String expected, String observed, String runId, Supplier<List<String>> affected, String identityExtra,
            String message, long now) {
        String identity = String.join("|", type.name(), detail.getNamespace(), detail.getName(),
                Objects.toString(label), Objects.toString(expected), Objects.toString(observed),
                Objects.toString(runId), identityExtra);
        String alertId = UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
        if (raised.get(alertId) != null) {
            return;
        }
        raised.put(alertId, now);
        into.add(LineageAlert.newBuilder()
                .setAlertId(alertId)
                .setType(type)
                .setSeverity(severity)
                .setDataset(new DatasetId(detail.getNamespace(), detail.getName()))
                .setVersionLabel(label)
                .setExpectedHash(expected)
                .setObservedHash(observed)
                .setRunId(runId)
                .setAffected(affected.get())
                .setMessage(message)
                .setDetectedAt(Instant.ofEpochMilli(now))
                .setProducer(PRODUCER)
                .build());
    }

    /**
     * What derives from the drifted columns (the columns computed from them, the runs that read one of those, what
     * the runs wrote and trained: {@link Impact} of a column), when the graph knows each drifted column as a
     * column; else null, and the whole dataset's downstream is affected.
     */
    private List<String> affectedByColumns(DatasetVersionDetail detail, List<String> columns) {
        Set<String> affected = new LinkedHashSet<>();
        for (String column : columns) {
            Optional<Impact.Result> impact = Impact.of(graph, NodeIds.datasetField(detail.getNamespace(),
                    detail.getName(), column), AFFECTED_LIMITS, GraphReader.LATEST, NO_USAGE);
            if (impact.isEmpty()) {
                return null;
            }
            Impact.Result result = impact.get();
            result.fields().forEach(node -> affected.add(node.getId()));
            result.runs().forEach(node -> affected.add(node.getId()));
            result.datasetVersions().forEach(node -> affected.add(node.getId()));
            result.modelVersions().forEach(model -> affected.add(model.modelVersion().getId()));
        }
        return List.copyOf(affected);
    }

    /** The runs, dataset versions and model versions downstream of a node (bounded). */
    private List<String> affected(String from) {
        Subgraph downstream = graph.traverse(from, Direction.DOWNSTREAM, AFFECTED_LIMITS, GraphReader.LATEST);
        return downstream.nodes().stream()
                .filter(r -> r.depth() > 0)
                .map(Subgraph.Reached::node)
                .filter(n -> n.getKind() == NodeKind.RUN || n.getKind() == NodeKind.DATASET_VERSION
                        || n.getKind() == NodeKind.MODEL_VERSION)
                .map(Node::getId)
                .toList();
    }

}
