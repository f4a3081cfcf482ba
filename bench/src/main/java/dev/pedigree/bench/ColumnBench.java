package dev.pedigree.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.embedded.FreePort;
import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetField;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.schema.ContentHash;
import dev.pedigree.schema.topic.EventKind;
import dev.pedigree.schema.topic.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Column-level lineage at scale, on the graph the other benchmarks loaded:
 * <ul>
 *   <li><b>column graph</b>: chains of runs, each writing a dataset of {@value #COLUMNS} columns from the one before,
 *   every output column computed from {@value #FAN_IN} neighbouring input columns (so a column's downstream widens
 *   by {@value #FAN_IN} − 1 columns a step). A column's downstream at depth 20 is walked in-process, over HTTP (the
 *   full answer, and {@code view=nodes}: the columns reached with their depths) and by a recursive CTE over the same
 *   derived-column edges in PostgreSQL;</li>
 *   <li><b>OpenLineage ingest</b>: RunEvents on the OpenLineage topic with a {@code columnLineage} facet of
 *   {@value #OL_COLUMNS} columns and the same events without it, until every run is in the graph, in blocks of
 *   without / with / with / without.</li>
 * </ul>
 */
final class ColumnBench {

    private static final Logger log = LoggerFactory.getLogger(ColumnBench.class);
    static final int COLUMNS = 100;
    static final int FAN_IN = 5;
    static final int OL_COLUMNS = 20;
    private static final String NAMESPACE = "colbench";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Results results;
    private final String api;
    private final String bootstrap;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final Supplier<GraphReader> graph;
    private final Repeat repeat;
    private final BenchHttp http = new BenchHttp();

    ColumnBench(Results results, String api, String bootstrap, KafkaProducer<String, SpecificRecord> producer,
            Supplier<GraphReader> graph, Repeat repeat) {
        this.results = results;
        this.api = api;
        this.bootstrap = bootstrap;
        this.producer = producer;
        this.graph = graph;
        this.repeat = repeat;
    }

    void run(int chains, int steps, int olEvents, Path work) throws Exception {
        columnGraph(chains, steps, work);
        openLineage(olEvents);
    }

    private void columnGraph(int chains, int steps, Path work) throws Exception {
        long started = System.nanoTime();
        StringBuilder edges = new StringBuilder();
        for (int chain = 0; chain < chains; chain++) {
            for (int step = 0; step < steps; step++) {
                producer.send(EventKind.record(run(chain, step, edges)));
            }
        }
        producer.flush();
        List<String> last = new ArrayList<>();
        for (int chain = 0; chain < chains; chain++) {
            last.add(field(chain, steps, COLUMNS - 1));
        }
        awaitNodes(last, Duration.ofMinutes(20));
        double seconds = (System.nanoTime() - started) / 1e9;
        int runs = chains * steps;
        results.add("columns", String.format(Locale.ROOT, "column graph: %,d runs × %d columns (%,d column nodes, "
                + "%,d derived-column edges) beside the bench graph", runs, COLUMNS, chains * (steps + 1) * COLUMNS,
                runs * COLUMNS * FAN_IN), Results.number(runs / seconds, "run events/s"), "-", "-",
                String.format(Locale.ROOT, "%.1f s from the first send until every chain's last column is in the "
                        + "graph; each run names %,d columns", seconds, COLUMNS * (FAN_IN + 1)),
                Results.Numbers.of(runs / seconds, "run events/s"));

        String start = field(0, 0, 0);
        int depth = 20;
        TraversalLimits budget = new TraversalLimits(depth, 100_000);
        try (Postgres postgres = Postgres.start(work.resolve("postgres-columns"), FreePort.find())) {
            postgres.load(edges.toString());
            String lineage = "/v1/lineage?node=" + Bench.enc(start) + "&direction=downstream&depth=" + depth;
            GraphReader reader = graph.get();
            Latencies walk = repeat.of(() -> Bench.readAll(reader.reach(start, Direction.DOWNSTREAM, budget,
                    GraphReader.LATEST)));
            Latencies withDetails = repeat.of(() -> reader.traverse(start, Direction.DOWNSTREAM, budget,
                    GraphReader.LATEST));
            Latencies overHttp = repeat.of(() -> http.ok(api + lineage).length);
            int answerBytes = http.ok(api + lineage).length;
            Latencies nodesOverHttp = repeat.of(() -> http.ok(api + lineage + "&view=nodes").length);
            int nodesBytes = http.ok(api + lineage + "&view=nodes").length;
            Latencies relational = repeat.of(() -> postgres.downstream(start, depth));
            int reached = reader.reach(start, Direction.DOWNSTREAM, budget, GraphReader.LATEST).size();
            int rows = postgres.downstream(start, depth).size();
            results.add("columns", String.format(Locale.ROOT, "downstream of one column, depth %d (%,d columns "
                    + "reached; CTE: %,d)", depth, reached, rows), "walk " + walk.summary()
                    + "; with every node's details " + withDetails.summary() + "; HTTP " + overHttp.summary(),
                    "recursive CTE " + relational.summary(),
                    Results.ratio(relational.percentileMillis(50), walk.percentileMillis(50))
                            + " faster (walk, p50); over HTTP " + Results.ratio(relational.percentileMillis(50),
                            overHttp.percentileMillis(50)), String.format(Locale.ROOT, "the same derived-column "
                            + "edges on both sides (%,d rows in PostgreSQL); HTTP answer %,d bytes",
                            runs * COLUMNS * FAN_IN, answerBytes),
                    Results.Numbers.latency(overHttp, relational, 50).speedup());
            int listed = JSON.readTree(http.ok(api + lineage + "&view=nodes")).path("nodes").size();
            results.add("columns", String.format(Locale.ROOT, "the same downstream over HTTP with view=nodes (%,d "
                    + "columns listed)", listed), "HTTP " + nodesOverHttp.summary(), "recursive CTE "
                    + relational.summary(), Results.ratio(relational.percentileMillis(50),
                    nodesOverHttp.percentileMillis(50)) + " faster (p50)", String.format(Locale.ROOT, "each column's "
                    + "id, kind, first seen and depth, no edges: what the CTE answers (column, depth); HTTP answer "
                    + "%,d bytes", nodesBytes), Results.Numbers.latency(nodesOverHttp, relational, 50).speedup());
        }
    }

    /** Run {@code step} of a chain: dataset {@code step} → dataset {@code step + 1}, every column from its neighbours. */
    private static RunEvent run(int chain, int step, StringBuilder edges) {
        DatasetId input = dataset(chain, step);
        DatasetId output = dataset(chain, step + 1);
        List<String> names = new ArrayList<>(COLUMNS);
        for (int column = 0; column < COLUMNS; column++) {
            names.add(column(column));
        }
        List<ColumnLineage> lineage = new ArrayList<>(COLUMNS);
        for (int column = 0; column < COLUMNS; column++) {
            List<FieldInput> inputs = new ArrayList<>(FAN_IN);
            for (int k = 0; k < FAN_IN; k++) {
                int from = (column + k) % COLUMNS;
                inputs.add(new FieldInput(input, column(from), k == 0 ? "IDENTITY" : "TRANSFORMATION", false,
                        false, null));
                edges.append(field(chain, step, from)).append(',').append(field(chain, step + 1, column))
                        .append('\n');
            }
            lineage.add(new ColumnLineage(new DatasetField(output, column(column)), inputs));
        }
        return RunEvent.newBuilder().setEventId("colbench-" + chain + "-" + step).setEventTime(Instant.now())
                .setProducer(Workload.PRODUCER).setRunId("colbench-" + chain + "-" + step)
                .setJob(new dev.pedigree.events.JobId(NAMESPACE, "step-" + step)).setState(RunState.COMPLETE)
                .setInputs(List.of(new DatasetHash(input, hash(input), names)))
                .setOutputs(List.of(new DatasetHash(output, hash(output), names)))
                .setColumnLineage(lineage).build();
    }

    private static DatasetId dataset(int chain, int step) {
        return new DatasetId(NAMESPACE, "c" + chain + "_d" + step);
    }

    private static String hash(DatasetId dataset) {
        return ContentHash.ofUtf8(dataset.getNamespace() + "/" + dataset.getName());
    }

    private static String column(int column) {
        return "col_" + column;
    }

    private static String field(int chain, int step, int column) {
        DatasetId dataset = dataset(chain, step);
        return NodeIds.datasetField(dataset.getNamespace(), dataset.getName(), column(column));
    }

    /**
     * OpenLineage RunEvents on the Kafka topic, with and without a {@code columnLineage} facet, each block timed
     * from the first send until every run is in the graph.
     */
    private void openLineage(int events) throws Exception {
        try (KafkaProducer<String, String> ol = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            olBlock(ol, Math.max(1, events / 5), false); // warm-up
            double[] without = new double[2];
            double[] with = new double[2];
            without[0] = olBlock(ol, events, false);
            with[0] = olBlock(ol, events, true);
            with[1] = olBlock(ol, events, true);
            without[1] = olBlock(ol, events, false);
            double plain = (without[0] + without[1]) / 2;
            double columns = (with[0] + with[1]) / 2;
            results.add("columns", String.format(Locale.ROOT, "OpenLineage ingest (Kafka transport) with a "
                    + "columnLineage facet of %d columns, %,d events per block", OL_COLUMNS, events),
                    Results.number(columns, "events/s"), "without the facet " + Results.number(plain, "events/s"),
                    Results.ratio(columns, plain), String.format(Locale.ROOT, "blocks without / with / with / "
                            + "without: %,.0f, %,.0f, %,.0f, %,.0f events/s; until every run is in the graph",
                            without[0], with[0], with[1], without[1]),
                    Results.Numbers.of(columns, plain, "events/s"));
        }
    }

    private double olBlock(KafkaProducer<String, String> ol, int events, boolean columns) throws Exception {
        List<String> runs = new ArrayList<>(events);
        long started = System.nanoTime();
        for (int i = 0; i < events; i++) {
            String runId = UUID.randomUUID().toString();
            runs.add(NodeIds.run(runId));
            ol.send(new ProducerRecord<>(TopicNames.OPENLINEAGE, "run:" + NAMESPACE + "/ol-" + (i % 64),
                    openLineageEvent(runId, i, columns)));
        }
        ol.flush();
        awaitNodes(runs, Duration.ofMinutes(10));
        double rate = events / ((System.nanoTime() - started) / 1e9);
        log.info("OpenLineage block ({} columns): {} events/s", columns ? OL_COLUMNS : 0, Math.round(rate));
        return rate;
    }

    private static String openLineageEvent(String runId, int i, boolean columns) {
        StringBuilder schema = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        for (int c = 0; c < OL_COLUMNS; c++) {
            schema.append(c == 0 ? "" : ",").append("{\"name\":\"f").append(c).append("\",\"type\":\"DOUBLE\"}");
            fields.append(c == 0 ? "" : ",").append("\"f").append(c).append("\":{\"inputFields\":[{\"namespace\":\"")
                    .append(NAMESPACE).append("\",\"name\":\"ol_in_").append(i % 64).append("\",\"field\":\"f")
                    .append(c).append("\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\"}]}]}");
        }
        String outputFacets = "{\"schema\":{\"fields\":[" + schema + "]}"
                + (columns ? ",\"columnLineage\":{\"fields\":{" + fields + "}}" : "") + "}";
        return "{\"eventType\":\"COMPLETE\",\"eventTime\":\"" + Instant.now() + "\",\"producer\":\""
                + Workload.PRODUCER + "\",\"run\":{\"runId\":\"" + runId + "\"},\"job\":{\"namespace\":\"" + NAMESPACE
                + "\",\"name\":\"ol-" + (i % 64) + "\"},\"inputs\":[{\"namespace\":\"" + NAMESPACE
                + "\",\"name\":\"ol_in_" + (i % 64) + "\",\"facets\":{\"schema\":{\"fields\":[" + schema + "]}}}],"
                + "\"outputs\":[{\"namespace\":\"" + NAMESPACE + "\",\"name\":\"ol_out_" + i + "\",\"facets\":"
                + outputFacets + "}]}";
    }

    /** Waits until every node is in the graph, polling the ones still missing. */
    private void awaitNodes(List<String> ids, Duration timeout) throws InterruptedException {
        List<String> missing = new ArrayList<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        GraphReader reader = graph.get();
        while (!missing.isEmpty()) {
            missing.removeIf(id -> reader.node(id, GraphReader.LATEST).isPresent());
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(missing.size() + " nodes still missing after " + timeout
                        + ", e.g. " + missing.get(0));
            }
            Thread.sleep(50);
        }
    }

}
