package dev.pedigree.http;

import dev.pedigree.audit.NoteVerifier;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.connectors.openlineage.OpenLineageException;
import dev.pedigree.events.AlertType;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.metrics.PedigreeMetrics;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.streams.PedigreeProcessor;
import dev.pedigree.streams.RestoreProgress;
import dev.pedigree.streams.Restores;
import dev.pedigree.streams.StreamsSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one Pedigree instance (Javalin on Jetty 12). It binds first, so its port can be advertised as
 * Kafka Streams' {@code application.server}; until the processor is attached every data route answers 503 with
 * {@code Retry-After}. Errors are JSON: 400 naming the parameter, 401, 404, 503; never a stack trace.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    /**
     * The routes the API token guards when one is set: the API, OpenLineage's, and the instances' calls to each
     * other; health, metrics and the explorer's files stay open (the explorer sends the token it is given).
     */
    private static final List<String> GUARDED = List.of("/v1/", "/api/", "/internal/");

    private record Backend(QueryRoutes queries, EventIngest ingest, OpenLineageIngest openLineage,
            QueryRouter router, AuditRoutes audit, PedigreeProcessor processor) {
    }

    private final Javalin app;
    private final PedigreeMetrics metrics = new PedigreeMetrics();
    /** Where batch bodies are translated and validated: one thread per core, shared by every request. */
    private final ExecutorService batchTranslators = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(),
            BasicThreadFactory.builder().namingPattern("pedigree-http-batch-%d").daemon(true).build());
    private final String token;
    private final PedigreeConfig config;
    private volatile Backend backend;
    private volatile Restores restores;

    private HttpApi(PedigreeConfig config) {
        this.config = config;
        this.token = config.apiToken();
        String openApi = resource("/openapi.json");
        this.app = Javalin.create(javalin -> {
            javalin.jsonMapper(new JacksonJsonMapper());
            javalin.startup.showJavalinBanner = false;
            javalin.jetty.host = config.httpHost();
            javalin.jetty.port = config.httpPort();
            // Namespaces such as file:///data arrive as one path segment with %2F in it.
            javalin.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.DEFAULT.with(
                    "pedigree-encoded-slashes", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                    UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING)));
            javalin.jetty.modifyServletContextHandler(handler -> handler.getServletHandler()
                    .setDecodeAmbiguousURIs(true));
            if (config.tlsKeystore() != null) {
                javalin.jetty.addConnector((server, http) -> tlsConnector(server, http, config));
            }
            // The lineage explorer at / (its JavaScript libraries from WebJars); it reads only the public API.
            javalin.staticFiles.add("/public", Location.CLASSPATH);
            javalin.staticFiles.enableWebjars();
            javalin.routes.before(ctx -> {
                authorize(ctx);
                ctx.attribute("pedigree.start", System.nanoTime());
            });
            javalin.routes.after(ctx -> {
                Long start = ctx.attribute("pedigree.start");
                if (start != null) {
                    var endpoint = ctx.endpoints().lastHttpEndpoint();
                    String route = endpoint == null ? "unmatched" : endpoint.path;
                    metrics.request(ctx.method().name(), route, ctx.statusCode(),
                            java.time.Duration.ofNanos(System.nanoTime() - start));
                }
            });
            javalin.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(
                    metrics.scrape()));
            javalin.routes.get("/health/live", ctx -> JacksonJsonMapper.answer(ctx, new Answers.Status("UP")));
            javalin.routes.get("/health/ready", this::ready);
            javalin.routes.get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            javalin.routes.get("/v1/predictions/{id}/provenance", query(QueryRoutes::provenance));
            javalin.routes.get("/v1/predictions/{id}/report", query(QueryRoutes::report));
            javalin.routes.get("/v1/lineage", query(QueryRoutes::lineage));
            javalin.routes.get("/v1/datasets/{namespace}/{name}", query(QueryRoutes::dataset));
            javalin.routes.get("/v1/datasets/{namespace}/{name}/versions/{contentHash}",
                    query(QueryRoutes::datasetVersion));
            javalin.routes.get("/v1/datasets/{namespace}/{name}/diff", query(QueryRoutes::datasetDiff));
            javalin.routes.get("/v1/models/compare", query(QueryRoutes::compare));
            javalin.routes.get("/v1/models/{name}/versions/{version}", query(QueryRoutes::modelVersion));
            javalin.routes.get("/v1/models/{name}/versions/{version}/datasheet", query(QueryRoutes::datasheet));
            javalin.routes.get("/v1/impact", query(QueryRoutes::impact));
            javalin.routes.get("/v1/alerts", query(QueryRoutes::alerts));
            javalin.routes.get("/v1/audit/key", ctx -> backend().audit().key(ctx));
            javalin.routes.get("/v1/audit/checkpoints", ctx -> backend().audit().checkpoints(ctx));
            javalin.routes.get("/v1/audit/proof", ctx -> backend().audit().proof(ctx));
            javalin.routes.get("/v1/audit/consistency", ctx -> backend().audit().consistency(ctx));
            javalin.routes.post("/internal/v1/usage", query(QueryRoutes::internalUsage));
            javalin.routes.post("/v1/events/{kind}", ctx -> backend().ingest().post(ctx));
            javalin.routes.post("/v1/events/{kind}/batch", ctx -> backend().ingest().batch(ctx));
            javalin.routes.post("/api/v1/lineage", ctx -> backend().openLineage().single(ctx));
            javalin.routes.post("/api/v1/lineage/batch", ctx -> backend().openLineage().batch(ctx));
            javalin.routes.exception(OpenLineageException.class, (e, ctx) -> {
                ApiException api = OpenLineageIngest.toApi(e);
                error(ctx, api.status(), api.getMessage(), api.parameter());
            });
            javalin.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(),
                    e.parameter()));
            javalin.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), null));
            // A store read while this instance rebalances or restores (Kafka Streams checks on each access): retry.
            javalin.routes.exception(InvalidStateStoreException.class, (e, ctx) -> error(ctx, 503,
                    "state is being restored or migrated: " + e.getMessage(), null));
            javalin.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error; see the server log", null);
            });
            javalin.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    error(ctx, 404, "no route " + ctx.method() + " " + ctx.path(), null);
                }
            });
            javalin.routes.error(405, ctx -> error(ctx, 405, "method not allowed", null));
        });
    }

    /** HTTPS only, with the configured keystore, on the configured host and port. */
    private static Connector tlsConnector(Server server, HttpConfiguration http, PedigreeConfig config) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(config.tlsKeystore().toAbsolutePath().toString());
        tls.setKeyStorePassword(config.tlsKeystorePassword());
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, tls, new HttpConnectionFactory(https));
        connector.setHost(config.httpHost());
        connector.setPort(config.httpPort());
        return connector;
    }

    /** Starts the server on the configured host and port (0: a free one). */
    public static HttpApi start(PedigreeConfig config) {
        HttpApi api = new HttpApi(config);
        api.app.start();
        log.info("HTTP API listening on {}:{}", config.httpHost(), api.port());
        return api;
    }

    public int port() {
        return app.port();
    }

    /** The {@code host:port} other instances reach this one at (Kafka Streams' {@code application.server}). */
    public String advertisedServer() {
        return config.httpAdvertisedHost() + ":" + port();
    }

    /** Shows in the readiness answer how far {@code restores} got, until the processor runs. */
    public void showRestores(Restores restores) {
        this.restores = restores;
    }

    /**
     * Serves data from {@code processor}'s stores and publishes posted events with {@code producer}; answers
     * computed from the graph are cached until the processor's graph index counts a write.
     */
    public void attach(PedigreeProcessor processor, Producer<String, byte[]> producer) {
        KafkaStreams streams = processor.streams();
        GraphIndex graphIndex = processor.graphIndex();
        NoteVerifier auditKey = processor.auditKey().verifier();
        metrics.bind(streams);
        processor.auditStreams().ifPresent(metrics::bindAuditLog);
        HostInfo self = HostInfo.buildFromEndpoint(advertisedServer());
        String scheme = config.tlsKeystore() == null ? "http" : "https";
        QueryRouter router = new QueryRouter(streams, processor.auditStreams().orElse(null),
                processor.activeStores(), self, graphIndex,
                new Forwarder(scheme, token), StreamsSettings.applicationId(config));
        AlertCounts counts = new AlertCounts(router);
        for (AlertType type : AlertType.values()) {
            metrics.gauge("pedigree.alerts", "alerts raised so far, by type (from the global alerts store)", "type",
                    type.name(), () -> counts.of(type));
        }
        EventRecords records = new EventRecords(new SpecificAvroSerializer<>(processor.registry(),
                config.eventLimits()));
        EventIngest ingest = new EventIngest(producer, records, config.httpMaxBodyBytes(), config.eventLimits(),
                batchTranslators);
        AuditRoutes audit = new AuditRoutes(router, new AuditRoutes.Keys(auditKey, config.auditPreviousKeys()),
                config.auditCheckpointInterval().toSeconds(), config.auditEnabled());
        QueryRoutes queries = new QueryRoutes(router, config.traversalLimits(), new ProvenanceCache(graphIndex),
                new NodeJsonCache(graphIndex, config.httpNodeCacheBytes()), config.drift(), audit);
        backend = new Backend(queries, ingest, new OpenLineageIngest(ingest), router, audit, processor);
    }

    /** The router of interactive queries, once the processor is attached. */
    public QueryRouter router() {
        return backend().router();
    }

    private Backend backend() {
        Backend current = backend;
        if (current == null) {
            throw ApiException.notReady("the processor is starting");
        }
        return current;
    }

    private Handler query(QueryHandler handler) {
        return ctx -> handler.handle(backend().queries(), ctx);
    }

    @FunctionalInterface
    private interface QueryHandler {
        void handle(QueryRoutes routes, Context ctx) throws Exception;
    }

    /** With a token set, a request to a guarded route ({@link #GUARDED}) without it is refused (401). */
    private void authorize(Context ctx) {
        if (token != null && guarded(ctx.path()) && !("Bearer " + token).equals(ctx.header("Authorization"))) {
            throw ApiException.unauthorized();
        }
    }

    private static boolean guarded(String path) {
        for (String prefix : GUARDED) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void ready(Context ctx) {
        Backend current = backend;
        if (current != null && current.processor().isRunning()) {
            JacksonJsonMapper.answer(ctx, new Answers.Status("READY"));
        } else {
            ctx.header("Retry-After", "1");
            Restores shown = restores;
            RestoreProgress.Snapshot restore = shown == null ? null : shown.snapshot();
            JacksonJsonMapper.answer(ctx.status(503), new Answers.NotReady(current == null ? "STARTING" : "NOT_RUNNING",
                    restore == null || restore.partitionsBegun() == 0 ? null : restore));
        }
    }

    private static void error(Context ctx, int status, String message, String parameter) {
        String kind = switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "payload too large";
            case 415 -> "unsupported media type";
            case 503 -> "not ready";
            default -> "internal error";
        };
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        // As a result, not into the stream: it replaces what Javalin may have set already (its own 404 text).
        ctx.status(status).json(new Answers.Error(kind, message, parameter));
    }

    private static String resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metrics this API serves at {@code /metrics}, for other parts of the instance to add to. */
    public PedigreeMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        app.stop();
        batchTranslators.shutdownNow();
        metrics.close();
    }
}
