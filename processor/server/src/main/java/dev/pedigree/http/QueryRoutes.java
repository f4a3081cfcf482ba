package dev.pedigree.http;

import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.Impact;
import dev.pedigree.graph.ModelComparison;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.Provenance;
import dev.pedigree.graph.ProvenanceReader;
import dev.pedigree.graph.Subgraph;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.UsageKeys;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.report.DecisionReport;
import dev.pedigree.report.ReportPage;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read routes of DESIGN's HTTP table. Graph reads are local (the graph is global); a prediction or a usage
 * count owned by another instance is fetched from it.
 */
final class QueryRoutes {

    private final StoreAccess access;
    private final Forwarder forwarder;
    private final TraversalLimits limits;
    private final ProvenanceCache provenanceCache;

    QueryRoutes(StoreAccess access, Forwarder forwarder, TraversalLimits limits, ProvenanceCache provenanceCache) {
        this.access = access;
        this.forwarder = forwarder;
        this.limits = limits;
        this.provenanceCache = provenanceCache;
    }

    /** {@code GET /v1/predictions/{id}/provenance}. */
    void provenance(Context ctx) throws IOException {
        String id = Params.path(ctx, "id");
        long asOf = Params.time(ctx, "asOf");
        Prediction prediction = ownedPrediction(ctx, id);
        if (prediction == null) {
            return;
        }
        JsonMapper json = ctx.jsonMapper();
        byte[] lineage = provenanceCache.lineage(prediction, asOf, () -> json.toJsonString(
                Views.lineage(new ProvenanceReader(access.graph()).prediction(prediction, limits, asOf)), Map.class));
        ctx.contentType(ContentType.APPLICATION_JSON);
        ProvenanceCache.writeProvenance(ctx.outputStream(), json.toJsonString(Views.prediction(prediction), Map.class),
                lineage);
    }

    /**
     * {@code GET /v1/predictions/{id}/report}: the decision's provenance report, HTML for people (the default) or
     * JSON with {@code Accept: application/json}.
     */
    void report(Context ctx) {
        String id = Params.path(ctx, "id");
        long asOf = Params.time(ctx, "asOf");
        Prediction prediction = ownedPrediction(ctx, id);
        if (prediction == null) {
            return;
        }
        Provenance provenance = new ProvenanceReader(access.graph()).prediction(prediction, limits, asOf);
        DecisionReport report = DecisionReport.of(provenance, access.alerts(null, 0L));
        if (wantsJson(ctx)) {
            ctx.json(report.json());
        } else {
            ctx.html(ReportPage.html(report));
        }
    }

    /**
     * The prediction {@code id} when this instance owns its partition; null when the request was forwarded to the
     * owner (which answered it).
     *
     * @throws ApiException 404 when this instance owns it and does not have it
     */
    private Prediction ownedPrediction(Context ctx, String id) {
        StoreAccess.Location location = access.locatePrediction(id);
        if (!location.local()) {
            forward(ctx, location);
            return null;
        }
        return access.prediction(location, id).orElseThrow(() -> ApiException.notFound("no prediction " + id
                + " (unknown, or older than the retention)"));
    }

    private static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    /** {@code GET /v1/lineage?node=&direction=&depth=&asOf=}. */
    void lineage(Context ctx) {
        String node = Params.node(ctx);
        int depth = Params.depth(ctx, limits.maxDepth());
        long asOf = Params.time(ctx, "asOf");
        GraphReader graph = access.graph();
        if (graph.node(node, asOf).isEmpty()) {
            throw ApiException.notFound("no node " + node + (asOf == GraphReader.LATEST ? "" : " as of " + asOf));
        }
        Subgraph subgraph = graph.traverse(node, Params.direction(ctx), new TraversalLimits(depth, limits.maxNodes()),
                asOf);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("root", node);
        view.putAll(Views.subgraph(subgraph));
        ctx.json(view);
    }

    /** {@code GET /v1/datasets/{namespace}/{name}}. */
    void dataset(Context ctx) {
        String namespace = Params.path(ctx, "namespace");
        String name = Params.path(ctx, "name");
        long asOf = Params.time(ctx, "asOf");
        List<Node> versions = access.graph().datasetVersions(namespace, name, asOf);
        if (versions.isEmpty()) {
            throw ApiException.notFound("no dataset " + namespace + "/" + name);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", NodeIds.dataset(namespace, name));
        view.put("namespace", namespace);
        view.put("name", name);
        view.put("versions", Views.nodes(versions));
        view.put("alerts", access.alerts(namespace + "/" + name, 0L).stream().map(Views::alert).toList());
        ctx.json(view);
    }

    /** {@code GET /v1/alerts?since=}: alerts detected at or after {@code since} (all when absent), newest first. */
    void alerts(Context ctx) {
        long since = ctx.queryParam("since") == null ? 0L : Params.time(ctx, "since");
        ctx.json(Map.of("alerts", access.alerts(null, since).stream().map(Views::alert).toList()));
    }

    /** {@code GET /v1/models/{name}/versions/{version}}. */
    void modelVersion(Context ctx) {
        String name = Params.path(ctx, "name");
        String version = Params.path(ctx, "version");
        Provenance lineage = new ProvenanceReader(access.graph()).modelVersion(name, version, limits,
                Params.time(ctx, "asOf"));
        if (lineage.modelVersion() == null) {
            throw ApiException.notFound("no model version " + name + ":" + version);
        }
        Map<String, Object> view = Views.provenance(lineage);
        view.put("predictions", Views.usage(new UsageReader().apply(UsageKeys.modelVersion(
                lineage.modelVersion().getId()))));
        ctx.json(view);
    }

    /** {@code GET /v1/models/compare?left=NAME:VERSION&right=NAME:VERSION}. */
    void compare(Context ctx) {
        String[] left = Params.modelVersion(ctx, "left");
        String[] right = Params.modelVersion(ctx, "right");
        ModelComparison.Result result = new ModelComparison(access.graph())
                .compare(left[0], left[1], right[0], right[1], limits, Params.time(ctx, "asOf"))
                .orElseThrow(() -> ApiException.notFound("no model version " + String.join(":", left) + " or "
                        + String.join(":", right)));
        ctx.json(Views.comparison(result));
    }

    /** {@code GET /v1/impact?node=}. */
    void impact(Context ctx) {
        String node = Params.node(ctx);
        Impact.Result result = Impact.of(access.graph(), node, limits, Params.time(ctx, "asOf"), new UsageReader())
                .orElseThrow(() -> ApiException.notFound("no node " + node));
        ctx.json(Views.impact(result));
    }

    /** {@code GET /internal/v1/usage?key=} or {@code ?featureVersion=}: what another instance asks this one. */
    void internalUsage(Context ctx) {
        String key = ctx.queryParam("key");
        if (key != null) {
            StoreAccess.Location location = access.locateUsage(key);
            requireLocal(location);
            UsageStats stats = access.usage(location, key);
            ctx.json(stats == null ? Map.of() : Map.of("count", stats.getCount(), "first", stats.getFirst(),
                    "last", stats.getLast()));
            return;
        }
        String version = Params.required(ctx, "featureVersion");
        StoreAccess.Location location = access.locateUsage(UsageKeys.featureVersionPrefix(version));
        requireLocal(location);
        ctx.json(access.modelVersionsReading(location, version));
    }

    private void forward(Context ctx, StoreAccess.Location location) {
        if (ctx.header(Forwarder.FORWARDED_HEADER) != null) {
            throw ApiException.notReady("ownership of this key is moving between instances");
        }
        String query = ctx.queryString();
        String accept = ctx.header("Accept");
        Forwarder.Answer answer = forwarder.get(location.owner(), ctx.path() + (query == null ? "" : "?" + query),
                accept == null ? "application/json" : accept);
        ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
    }

    private static void requireLocal(StoreAccess.Location location) {
        if (!location.local()) {
            throw ApiException.notReady("ownership of this key is moving between instances");
        }
    }

    /** Reads usage counts wherever their partition lives. */
    private final class UsageReader implements Impact.UsageSource {

        @Override
        public UsageStats apply(String key) {
            StoreAccess.Location location = access.locateUsage(key);
            if (location.local()) {
                return access.usage(location, key);
            }
            Map<String, Object> remote = readRemote(location, "/internal/v1/usage?key=" + encode(key),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            if (remote == null || remote.isEmpty()) {
                return null;
            }
            return new UsageStats(((Number) remote.get("count")).longValue(), ((Number) remote.get("first")).longValue(),
                    ((Number) remote.get("last")).longValue());
        }

        @Override
        public List<String> modelVersionsReading(String datasetVersionId) {
            StoreAccess.Location location = access.locateUsage(UsageKeys.featureVersionPrefix(datasetVersionId));
            if (location.local()) {
                return access.modelVersionsReading(location, datasetVersionId);
            }
            List<String> remote = readRemote(location, "/internal/v1/usage?featureVersion=" + encode(datasetVersionId),
                    new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
            return remote == null ? List.of() : remote;
        }

        private <T> T readRemote(StoreAccess.Location location, String path,
                com.fasterxml.jackson.core.type.TypeReference<T> type) {
            Forwarder.Answer answer = forwarder.get(location.owner(), path);
            if (answer.status() != 200) {
                throw ApiException.notReady("instance " + location.owner() + " answered " + answer.status());
            }
            try {
                return JacksonJsonMapper.MAPPER.readValue(answer.body(), type);
            } catch (java.io.IOException e) {
                throw ApiException.notReady("instance " + location.owner() + " answered unreadable JSON");
            }
        }

        private static String encode(String value) {
            return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
