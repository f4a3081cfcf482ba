package dev.pedigree.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.Impact;
import dev.pedigree.graph.ModelComparison;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.Provenance;
import dev.pedigree.graph.ProvenanceReader;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.UsageKeys;
import dev.pedigree.graph.Walk;
import dev.pedigree.graph.store.Node;
import dev.pedigree.http.answers.AlertView;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.http.answers.ColumnProfileView;
import dev.pedigree.http.answers.ComparisonView;
import dev.pedigree.http.answers.ImpactView;
import dev.pedigree.http.answers.NodeView;
import dev.pedigree.http.answers.PredictionView;
import dev.pedigree.http.answers.ProvenanceView;
import dev.pedigree.http.answers.UsageView;
import dev.pedigree.profiles.DriftSettings;
import dev.pedigree.report.Datasheet;
import dev.pedigree.report.DatasheetPage;
import dev.pedigree.report.DecisionReport;
import dev.pedigree.report.ReportPage;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read routes of DESIGN's HTTP table. Graph reads are local (the graph is global); a prediction or a usage
 * count owned by another instance is fetched from it.
 */
final class QueryRoutes {

    private final QueryRouter router;
    private final TraversalLimits limits;
    private final ProvenanceCache provenanceCache;
    private final NodeJsonCache nodeJson;
    private final DriftSettings drift;
    private final AuditRoutes audit;

    QueryRoutes(QueryRouter router, TraversalLimits limits, ProvenanceCache provenanceCache, NodeJsonCache nodeJson,
            DriftSettings drift, AuditRoutes audit) {
        this.router = router;
        this.drift = drift;
        this.limits = limits;
        this.provenanceCache = provenanceCache;
        this.nodeJson = nodeJson;
        this.audit = audit;
    }

    /** {@code GET /v1/predictions/{id}/provenance}. */
    void provenance(Context ctx) throws IOException {
        long asOf = Params.time(ctx, "asOf");
        Optional<Prediction> owned = router.predictionOrForward(ctx, Params.path(ctx, "id"));
        if (owned.isPresent()) {
            Prediction prediction = owned.get();
            JsonMapper json = ctx.jsonMapper();
            byte[] lineage = provenanceCache.lineage(prediction, asOf, () -> json.toJsonString(ProvenanceView.Lineage
                    .of(new ProvenanceReader(router.graph()).prediction(prediction, limits, asOf)),
                    ProvenanceView.Lineage.class));
            ctx.contentType(ContentType.APPLICATION_JSON);
            ProvenanceCache.writeProvenance(ctx.outputStream(), json.toJsonString(PredictionView.of(prediction),
                    PredictionView.class), lineage);
        }
    }

    /**
     * {@code GET /v1/predictions/{id}/report}: the decision's provenance report, HTML for people (the default) or
     * JSON with {@code Accept: application/json}.
     */
    void report(Context ctx) {
        long asOf = Params.time(ctx, "asOf");
        String id = Params.path(ctx, "id");
        Optional<Prediction> owned;
        boolean expired = false;
        try {
            owned = router.predictionOrForward(ctx, id);
        } catch (ApiException e) {
            // Past the prediction store's retention, the audit log may still hold the decision as recorded.
            owned = Optional.of(audit.recordedPrediction(id).orElseThrow(() -> e.status() != 404 ? e
                    : ApiException.notFound("no prediction " + id + ": unknown, or its record has expired; when it "
                            + "was recorded, GET /v1/audit/proof?node=" + NodeIds.prediction(id) + " still proves it")));
            expired = true;
        }
        boolean fromAuditLog = expired;
        owned.ifPresent(prediction -> {
            Provenance provenance = new ProvenanceReader(router.graph()).prediction(prediction, limits, asOf);
            DecisionReport report = DecisionReport.of(provenance, router.alerts(null, 0L))
                    .withColumns(router::columns).withProofs(audit::proofOf).recordedOnlyInAuditLog(fromAuditLog);
            if (wantsJson(ctx)) {
                JacksonJsonMapper.answer(ctx, report.json());
            } else {
                ctx.html(ReportPage.html(report));
            }
        });
    }

    private static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    /** {@code GET /v1/lineage?node=&direction=&depth=&asOf=}. */
    void lineage(Context ctx) throws IOException {
        String node = Params.node(ctx);
        int depth = Params.depth(ctx, limits.maxDepth());
        long asOf = Params.time(ctx, "asOf");
        LineageJson.View view = Params.view(ctx);
        GraphReader graph = router.graph();
        if (graph.node(node, asOf).isEmpty()) {
            throw ApiException.notFound("no node " + node + (asOf == GraphReader.LATEST ? "" : " as of " + asOf));
        }
        Walk walk = graph.reach(node, Params.direction(ctx), new TraversalLimits(depth, limits.maxNodes()), asOf,
                view.parts());
        try (JsonGenerator json = JacksonJsonMapper.responseGenerator(ctx)) {
            LineageJson.write(json, node, walk, graph, nodeJson, view);
        }
    }

    /** {@code GET /v1/datasets/{namespace}/{name}}. */
    void dataset(Context ctx) {
        String namespace = Params.path(ctx, "namespace");
        String name = Params.path(ctx, "name");
        long asOf = Params.time(ctx, "asOf");
        List<Node> versions = router.graph().datasetVersions(namespace, name, asOf);
        if (versions.isEmpty()) {
            throw ApiException.notFound("no dataset " + namespace + "/" + name);
        }
        JacksonJsonMapper.answer(ctx, new Answers.Dataset(NodeIds.dataset(namespace, name), namespace, name,
                NodeView.of(versions), router.alerts(namespace + "/" + name, 0L).stream().map(AlertView::of).toList()));
    }

    /** {@code GET /v1/datasets/{namespace}/{name}/versions/{contentHash}}: one version and its column profiles. */
    void datasetVersion(Context ctx) {
        String namespace = Params.path(ctx, "namespace");
        String name = Params.path(ctx, "name");
        String hash = Params.contentHash(Params.path(ctx, "contentHash"), "contentHash");
        String versionId = NodeIds.datasetVersion(namespace, name, hash);
        Node version = router.graph().node(versionId, GraphReader.LATEST).orElseThrow(() -> ApiException.notFound(
                "no version " + hash + " of dataset " + namespace + "/" + name));
        router.profilesOrForward(ctx, namespace, name).ifPresent(profiles -> {
            DatasetVersion profiled = profiles.get(versionId);
            JacksonJsonMapper.answer(ctx, new Answers.DatasetVersion(NodeView.of(version), profiled == null ? List.of()
                    : profiled.getColumns().stream().map(ColumnProfileView::of).toList()));
        });
    }

    /** {@code GET /v1/datasets/{namespace}/{name}/diff?from=&to=}: how each column changed between two versions. */
    void datasetDiff(Context ctx) {
        String namespace = Params.path(ctx, "namespace");
        String name = Params.path(ctx, "name");
        String from = Params.contentHash(Params.required(ctx, "from"), "from");
        String to = Params.contentHash(Params.required(ctx, "to"), "to");
        for (String hash : List.of(from, to)) {
            if (router.graph().node(NodeIds.datasetVersion(namespace, name, hash), GraphReader.LATEST).isEmpty()) {
                throw ApiException.notFound("no version " + hash + " of dataset " + namespace + "/" + name);
            }
        }
        router.profilesOrForward(ctx, namespace, name).ifPresent(profiles -> {
            DatasetVersion older = profiles.get(NodeIds.datasetVersion(namespace, name, from));
            DatasetVersion newer = profiles.get(NodeIds.datasetVersion(namespace, name, to));
            if (older == null || newer == null) {
                throw ApiException.notFound("no column profiles for " + (older == null ? from : to) + " of "
                        + namespace + "/" + name + ": its DatasetVersion events carried none");
            }
            String dataset = namespace + "/" + name;
            JacksonJsonMapper.answer(ctx, DatasetDiffs.of(dataset, older, newer, drift.thresholdOf(dataset)));
        });
    }

    /** {@code GET /v1/alerts?since=}: alerts detected at or after {@code since} (all when absent), newest first. */
    void alerts(Context ctx) {
        long since = ctx.queryParam("since") == null ? 0L : Params.time(ctx, "since");
        JacksonJsonMapper.answer(ctx, new Answers.Alerts(router.alerts(null, since).stream().map(AlertView::of)
                .toList()));
    }

    /** {@code GET /v1/models/{name}/versions/{version}}. */
    void modelVersion(Context ctx) {
        Provenance lineage = modelLineage(ctx);
        String usageKey = UsageKeys.modelVersion(lineage.modelVersion().getId());
        JacksonJsonMapper.answer(ctx, new Answers.ModelVersion(ProvenanceView.of(lineage),
                UsageView.of(router.read(List.of(usageKey), null).counts().get(usageKey))));
    }

    /**
     * {@code GET /v1/models/{name}/versions/{version}/datasheet}: the training data's record (Annex IV 2(d)), HTML or
     * JSON by {@code Accept}.
     */
    void datasheet(Context ctx) {
        Datasheet datasheet = Datasheet.of(modelLineage(ctx), router::columns, audit::proofOf);
        if (wantsJson(ctx)) {
            JacksonJsonMapper.answer(ctx, datasheet);
        } else {
            ctx.html(DatasheetPage.html(datasheet));
        }
    }

    /** The training lineage of the model version the path names, as of {@code asOf}; 404 when it is unknown. */
    private Provenance modelLineage(Context ctx) {
        String name = Params.path(ctx, "name");
        String version = Params.path(ctx, "version");
        Provenance lineage = new ProvenanceReader(router.graph()).modelVersion(name, version, limits,
                Params.time(ctx, "asOf"));
        if (lineage.modelVersion() == null) {
            throw ApiException.notFound("no model version " + name + ":" + version);
        }
        return lineage;
    }

    /** {@code GET /v1/models/compare?left=NAME:VERSION&right=NAME:VERSION}. */
    void compare(Context ctx) {
        String[] left = Params.modelVersion(ctx, "left");
        String[] right = Params.modelVersion(ctx, "right");
        Map<String, List<Answers.ColumnDiffView>> columns = new HashMap<>();
        ComparisonView.ChangedColumns changed = (dataset, from, to) -> columns.computeIfAbsent(
                dataset + "|" + from + "|" + to, key -> router.changedColumns(dataset, from, to, drift));
        ModelComparison.Result result = new ModelComparison(router.graph(), (dataset, from, to) ->
                changed.of(dataset, from, to).stream().map(Answers.ColumnDiffView::name).toList())
                .compare(left[0], left[1], right[0], right[1], limits, Params.time(ctx, "asOf"))
                .orElseThrow(() -> ApiException.notFound("no model version " + String.join(":", left) + " or "
                        + String.join(":", right)));
        JacksonJsonMapper.answer(ctx, ComparisonView.of(result, changed));
    }

    /** {@code GET /v1/impact?node=}. */
    void impact(Context ctx) {
        String node = Params.node(ctx);
        Impact.Result result = Impact.of(router.graph(), node, limits, Params.time(ctx, "asOf"), router)
                .orElseThrow(() -> ApiException.notFound("no node " + node));
        JacksonJsonMapper.answer(ctx, ImpactView.of(result));
    }

    /** {@code POST /internal/v1/usage}: usage counts another instance's router asks this one for. */
    void internalUsage(Context ctx) {
        JacksonJsonMapper.answer(ctx, router.readLocal(ctx.bodyAsClass(QueryRouter.UsageRequest.class)));
    }
}
