package dev.pedigree.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.connectors.json.EventJson;
import dev.pedigree.events.Prediction;
import dev.pedigree.schema.topic.EventKind;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingestion over HTTP beside the Kafka producer sending the same events, in one run: batches of 1,000 predictions
 * (NDJSON) from one and from 4 clients against the producer's rate; single-event POSTs sequentially (latency) and
 * from 16 clients (rate) against the producer's own send-and-wait; OpenLineage events one per request through the
 * official client's HTTP transport. Every figure counts acknowledged events only: the API answers after the broker.
 * Each figure starts on an instance at rest ({@link Settle}): the processor has consumed what the one before sent, so
 * no figure is measured while the processor catches up on another's backlog.
 *
 * <p>The batch rates are measured twice: with the processor consuming as the events arrive, as a deployment runs, and
 * with it paused ({@link Consumption}), the path into Kafka alone on both sides.
 */
final class HttpIngestBench implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpIngestBench.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH_EVENTS = 1_000;
    private static final int CONCURRENT_BATCH_CLIENTS = 4;
    private static final int CONCURRENT_SINGLE_CLIENTS = 16;
    /** Where each run's predictions start in the workload's sequence (singles: 2M and 3M). */
    private static final long PRODUCER_OFFSET = 1_000_000;
    private static final long FOUR_CLIENTS_OFFSET = 10_000_000;
    private static final long WARM_UP_OFFSET = 20_000_000;
    private static final long PAUSED_OFFSET = 30_000_000;
    private static final long PRODUCER_WARM_UP_OFFSET = 40_000_000;
    /** The most predictions a batch figure may send: the producer's two paused runs end before the singles' 2M. */
    static final long MAX_EVENTS = 500_000;

    private final Results results;
    private final String api;
    private final KafkaProducer<String, SpecificRecord> producer;
    /** Like the HTTP API's: linger 0 ms, so that one event's send-and-wait is not held back. */
    private final KafkaProducer<String, SpecificRecord> unlingered;
    private final Workload workload;
    private final Settle settle;
    private final Counted predictions;
    private final Consumption consumption;
    private final BenchHttp http = new BenchHttp();
    /**
     * The clients' threads, kept for the whole benchmark: {@link ThreadCpu} counts the CPU of live threads only, so
     * threads that ended with their figure would take the clients' share of it with them.
     */
    private final ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_SINGLE_CLIENTS,
            BasicThreadFactory.builder().namingPattern(ThreadCpu.BENCH_CLIENT + "%d").daemon(true).build());

    HttpIngestBench(Results results, String api, KafkaProducer<String, SpecificRecord> producer,
            KafkaProducer<String, SpecificRecord> unlingered, long seed, Settle settle, Counted predictions,
            Consumption consumption) {
        this.results = results;
        this.settle = settle;
        this.predictions = predictions;
        this.consumption = consumption;
        this.api = api;
        this.producer = producer;
        this.unlingered = unlingered;
        this.workload = new Workload(seed + 100, 1, 1, 0);
    }

    /** Waits until the instance is at rest (its process uses next to no CPU). */
    @FunctionalInterface
    interface Settle {
        void await() throws InterruptedException;
    }

    /** Stops and restarts the processor's consumption (both applications), the HTTP API and the broker running on. */
    interface Consumption {
        void pause();

        void resume();
    }

    /** Waits until the processor counts at least {@code expected} predictions; returns how many it counts. */
    @FunctionalInterface
    interface Counted {
        long await(long expected) throws Exception;
    }

    /**
     * @param events predictions per batch figure (and per producer run)
     * @param singles single-event requests per latency figure
     * @param seconds how long each closed-loop rate is measured
     */
    void run(long events, int singles, double seconds) throws Exception {
        if (events > MAX_EVENTS) {
            throw new IllegalArgumentException("--http-events is at most " + MAX_EVENTS + ": each run of the "
                    + "benchmark posts predictions of its own range");
        }
        batches(events);
        singleEvents(singles, seconds);
        openLineage(singles);
        // Last, so that the single events are measured after the same runs as before the paused ones were added.
        paused(events);
    }

    /** The batch figures with the processor running. */
    private void batches(long events) throws Exception {
        // Distinct predictions for every run: the processor counts a prediction id once.
        long step = Math.max(1, events / 10);
        JitWarmUp.untilQuiet("Batches and the producer", round -> {
            postBatches(bodies(WARM_UP_OFFSET + 2 * round * step, step), 1);
            postBatches(bodies(WARM_UP_OFFSET + (2 * round + 1) * step, step), CONCURRENT_BATCH_CLIENTS);
            producerRate(step, PRODUCER_WARM_UP_OFFSET + round * step);
        });
        List<byte[]> oneClient = bodies(0, events);
        List<byte[]> fourClients = bodies(FOUR_CLIENTS_OFFSET, events);
        // The producer before and after the HTTP runs; its mean is the baseline (rates drift within a run). The
        // producer's and the one client's runs are also timed until the processor has counted every prediction,
        // and their CPU counted by thread group over that time.
        settle.await();
        ThreadCpu producerCpu = ThreadCpu.start();
        long counted = predictions.await(0);
        long started = System.nanoTime();
        double producerBefore = producerRate(events, PRODUCER_OFFSET);
        counted = predictions.await(counted + events);
        double producerConsumed = events / ((System.nanoTime() - started) / 1e9);
        ThreadCpu.PerEvent producerCost = producerCpu.perEvent(events);
        settle.await();
        ThreadCpu oneCpu = ThreadCpu.start();
        started = System.nanoTime();
        double one = events / postBatches(oneClient, 1);
        predictions.await(counted + events);
        double oneConsumed = events / ((System.nanoTime() - started) / 1e9);
        ThreadCpu.PerEvent oneCost = oneCpu.perEvent(events);
        settle.await();
        double four = events / postBatches(fourClients, CONCURRENT_BATCH_CLIENTS);
        settle.await();
        double producerAfter = producerRate(events, PRODUCER_OFFSET + events);
        double producerRate = (producerBefore + producerAfter) / 2;
        String size = String.format(Locale.ROOT, "%,d predictions in NDJSON batches of %,d (%,d bytes each); "
                + "the producer's rate is the mean of its runs before (%,.0f /s) and after (%,.0f /s)", events,
                BATCH_EVENTS, oneClient.get(0).length, producerBefore, producerAfter);
        results.add("http-ingest", "POST /v1/events/predictions/batch, one client", Results.number(one, "events/s"),
                "Kafka producer " + Results.number(producerRate, "events/s"), Results.ratio(one, producerRate), size,
                Results.Numbers.of(one, producerRate, "events/s"));
        results.add("http-ingest", "POST /v1/events/predictions/batch, " + CONCURRENT_BATCH_CLIENTS + " clients",
                Results.number(four, "events/s"), "Kafka producer " + Results.number(producerRate, "events/s"),
                Results.ratio(four, producerRate), size, Results.Numbers.of(four, producerRate, "events/s"));
        results.add("http-ingest", "the same, one client, until the processor has counted every prediction",
                Results.number(oneConsumed, "events/s"), "Kafka producer, the same " + Results.number(
                        producerConsumed, "events/s"), Results.ratio(oneConsumed, producerConsumed),
                "from the first send until GET /v1/models/…/versions/… counts them all: what the 2 cores ingest "
                        + "end to end either way", Results.Numbers.of(oneConsumed, producerConsumed, "events/s"));
        results.add("http-ingest", "CPU per event of Java threads over the same time: HTTP batches (one client)",
                oneCost.byGroup(), "Kafka producer: " + producerCost.byGroup(), Results.ratio(oneCost.totalMicros(),
                        producerCost.totalMicros()), "the same JVM runs the broker, both applications of the "
                        + "processor, the HTTP API and the bench's clients; RocksDB, JIT and GC threads are not "
                        + "counted", Results.Numbers.of(oneCost.totalMicros(), producerCost.totalMicros(),
                        "µs of CPU per event"));
    }

    /**
     * The same runs with the processor paused on both sides: the path into Kafka alone. With it running, the
     * producer's burst is acknowledged before the processor has consumed much of it, while the slower HTTP client
     * shares the 2 cores with the processor for its whole run; paused, neither does.
     */
    private void paused(long events) throws Exception {
        settle.await();
        long counted = predictions.await(0);
        List<byte[]> oneClient = bodies(PAUSED_OFFSET, events);
        List<byte[]> fourClients = bodies(PAUSED_OFFSET + events, events);
        Measured producerBefore;
        Measured one;
        Measured four;
        Measured producerAfter;
        consumption.pause();
        try {
            producerBefore = Measured.of(() -> producerRate(events, PAUSED_OFFSET + 2 * events));
            one = Measured.of(() -> events / postBatches(oneClient, 1));
            four = Measured.of(() -> events / postBatches(fourClients, CONCURRENT_BATCH_CLIENTS));
            producerAfter = Measured.of(() -> producerRate(events, PAUSED_OFFSET + 3 * events));
        } finally {
            consumption.resume();
        }
        predictions.await(counted + 4 * events);
        double producerRate = (producerBefore.perSecond() + producerAfter.perSecond()) / 2;
        String note = String.format(Locale.ROOT, "the same sizes, the processor paused during all four runs; the "
                + "producer's runs %,.0f and %,.0f /s; the JIT compiling %,d ms during the producer's runs, %,d ms "
                + "during the one client's, %,d ms during the 4 clients'", producerBefore.perSecond(),
                producerAfter.perSecond(), producerBefore.compilingMs() + producerAfter.compilingMs(),
                one.compilingMs(), four.compilingMs());
        results.add("http-ingest", "POST /v1/events/predictions/batch, one client, the processor paused",
                Results.number(one.perSecond(), "events/s"), "Kafka producer, the same " + Results.number(
                        producerRate, "events/s"), Results.ratio(one.perSecond(), producerRate), note,
                Results.Numbers.of(one.perSecond(), producerRate, "events/s"));
        results.add("http-ingest", "POST /v1/events/predictions/batch, " + CONCURRENT_BATCH_CLIENTS + " clients, the "
                + "processor paused", Results.number(four.perSecond(), "events/s"), "Kafka producer, the same "
                + Results.number(producerRate, "events/s"), Results.ratio(four.perSecond(), producerRate), note,
                Results.Numbers.of(four.perSecond(), producerRate, "events/s"));
    }

    /** A rate, and how long the JIT compiled while it was measured. */
    private record Measured(double perSecond, long compilingMs) {

        static Measured of(Callable<Double> rate) throws Exception {
            long before = JitWarmUp.compilingMillis();
            double perSecond = rate.call();
            return new Measured(perSecond, JitWarmUp.compilingMillis() - before);
        }
    }

    private List<byte[]> bodies(long from, long events) {
        List<byte[]> bodies = new ArrayList<>();
        for (long first = from; first < from + events; first += BATCH_EVENTS) {
            bodies.add(ndjson(first, Math.min(BATCH_EVENTS, from + events - first)));
        }
        return bodies;
    }

    /** The same predictions through the bench's producer (acks=all, idempotent), until all are acknowledged. */
    private double producerRate(long events, long offset) {
        log.info("The producer sending {} predictions", events);
        long started = System.nanoTime();
        workload.predictions(offset, events, prediction -> producer.send(EventKind.record(prediction)));
        producer.flush();
        return events / ((System.nanoTime() - started) / 1e9);
    }

    /** Seconds to post every body, {@code concurrent} clients each posting the next; fails on any answer but 200. */
    private double postBatches(List<byte[]> bodies, int concurrent) throws Exception {
        log.info("Posting {} batches from {} client(s)", bodies.size(), concurrent);
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        List<Future<?>> posting = new ArrayList<>();
        for (int c = 0; c < concurrent; c++) {
            posting.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    BenchHttp.Answer answer = http.post(api + "/v1/events/predictions/batch",
                            "application/x-ndjson", bodies.get(i));
                    if (answer.status() != 200) {
                        throw new IllegalStateException("batch answered " + answer.status() + ": "
                                + answer.firstLine());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : posting) {
            client.get();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private void singleEvents(int requests, double seconds) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        workload.predictions(2_000_000, requests, prediction -> bodies.add(json(prediction)));
        for (int i = 0; i < Math.min(500, requests); i++) {
            postSingle(bodies.get(i)); // warm-up
            getLiveness();
        }
        List<Prediction> same = new ArrayList<>();
        workload.predictions(3_000_000, requests, same::add);
        settle.await();
        Latencies http = sequential(requests, i -> postSingle(bodies.get(i)));
        settle.await();
        Latencies floor = sequential(requests, i -> getLiveness());
        settle.await();
        Latencies kafka = sequential(requests, i -> unlingered.send(EventKind.record(same.get(i))).get());
        String note = String.format(Locale.ROOT, "%,d requests after %,d of warm-up; the answer comes after the "
                + "broker's acknowledgement (acks=all)", requests, Math.min(500, requests));
        results.add("http-ingest", "POST /v1/events/predictions, one event per request, sequential",
                http.summary(), "Kafka producer (linger 0 ms) send().get(), sequential " + kafka.summary(),
                Results.ratio(http.percentileMillis(50), kafka.percentileMillis(50)) + " (p50)", note,
                Results.Numbers.latency(http, kafka, 50));
        results.add("http-ingest", "POST /v1/events/predictions, sequential, beside GET " + LookupClient.LIVENESS
                + " from the same client (the HTTP floor)", http.summary(), "GET " + LookupClient.LIVENESS + " "
                + floor.summary(), Results.ratio(http.percentileMillis(50), floor.percentileMillis(50)) + " (p50)",
                "the liveness route reads nothing and publishes nothing: its latency is the client's, Jetty's and the "
                        + "2 shared cores' scheduling", Results.Numbers.latency(http, floor, 50));
        settle.await();
        ThreadCpu postCpu = ThreadCpu.start();
        Loop posts = closedLoop(bodies.size(), seconds, i -> postSingle(bodies.get(i)));
        settle.await(); // the processor has consumed what was posted
        ThreadCpu.PerEvent postCost = postCpu.perEvent(posts.requests());
        ThreadCpu floorCpu = ThreadCpu.start();
        Loop floors = closedLoop(bodies.size(), seconds, i -> getLiveness());
        ThreadCpu.PerEvent floorCost = floorCpu.perEvent(floors.requests());
        results.add("http-ingest", "POST /v1/events/predictions, " + CONCURRENT_SINGLE_CLIENTS + " concurrent clients",
                Results.number(posts.perSecond(), "req/s"), "GET " + LookupClient.LIVENESS + ", the same clients "
                        + Results.number(floors.perSecond(), "req/s"), Results.ratio(posts.perSecond(),
                        floors.perSecond()), String.format(Locale.ROOT, "closed loop for %.0f s each; clients and "
                        + "server share the 2 cores", seconds), Results.Numbers.of(posts.perSecond(),
                        floors.perSecond(), "req/s"));
        results.add("http-ingest", "CPU per request of Java threads: the " + CONCURRENT_SINGLE_CLIENTS
                + " clients' POSTs, until the processor has consumed them", postCost.byGroup(), "GET "
                + LookupClient.LIVENESS + ": " + floorCost.byGroup(), Results.ratio(postCost.totalMicros(),
                        floorCost.totalMicros()), "RocksDB, JIT and GC threads are not counted",
                Results.Numbers.of(postCost.totalMicros(), floorCost.totalMicros(), "µs of CPU per request"));
    }

    /** What a closed loop did: requests answered, and their rate. */
    private record Loop(long requests, double perSecond) {
    }

    private void postSingle(byte[] body) throws Exception {
        BenchHttp.Answer answer = http.post(api + "/v1/events/predictions", "application/json", body);
        if (answer.status() != 202) {
            throw new IllegalStateException("POST answered " + answer.status() + ": " + answer.firstLine());
        }
    }

    private void getLiveness() throws Exception {
        int status = http.status(api + LookupClient.LIVENESS);
        if (status != 200) {
            throw new IllegalStateException("GET " + LookupClient.LIVENESS + " answered " + status);
        }
    }

    /** The latency of each of {@code count} requests sent one after another. */
    private static Latencies sequential(int count, Request request) throws Exception {
        Latencies latencies = new Latencies();
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            request.send(i);
            latencies.record((System.nanoTime() - started) / 1_000);
        }
        return latencies;
    }

    /** One request of a sequence or a closed loop; {@code i} picks its body. */
    @FunctionalInterface
    private interface Request {
        void send(int i) throws Exception;
    }

    /** {@value #CONCURRENT_SINGLE_CLIENTS} clients each sending one request after another for {@code seconds}. */
    private Loop closedLoop(int bodies, double seconds, Request request) throws Exception {
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<?>> sending = new ArrayList<>();
        for (int c = 0; c < CONCURRENT_SINGLE_CLIENTS; c++) {
            int client = c;
            sending.add(clients.submit(() -> {
                for (int i = client; System.nanoTime() < deadline; i = (i + CONCURRENT_SINGLE_CLIENTS) % bodies) {
                    request.send(i);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        for (Future<?> client : sending) {
            client.get();
        }
        return new Loop(done.get(), done.get() / ((System.nanoTime() - started) / 1e9));
    }

    @Override
    public void close() throws Exception {
        clients.shutdownNow();
        http.close();
    }

    /** OpenLineage COMPLETE events, one per request, through the official Java client's HTTP transport. */
    private void openLineage(int events) throws Exception {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create(api));
        OpenLineage ol = new OpenLineage(URI.create(Workload.PRODUCER));
        try (OpenLineageClient client = OpenLineageClient.builder().transport(new HttpTransport(config)).build()) {
            for (int i = 0; i < Math.min(200, events); i++) {
                client.emit(runEvent(ol, i)); // warm-up
            }
            settle.await();
            long started = System.nanoTime();
            for (int i = 0; i < events; i++) {
                client.emit(runEvent(ol, i));
            }
            double rate = events / ((System.nanoTime() - started) / 1e9);
            results.add("http-ingest", "OpenLineage RunEvents through the Java client's HTTP transport, one per "
                    + "request", Results.number(rate, "events/s"), "-", "-", String.format(Locale.ROOT, "%,d events, "
                    + "sequential; each becomes a RunEvent in pedigree.runs", events),
                    Results.Numbers.of(rate, "events/s"));
        }
        log.info("OpenLineage over HTTP measured");
    }

    private static OpenLineage.RunEvent runEvent(OpenLineage ol, int i) {
        return ol.newRunEventBuilder().eventType(OpenLineage.RunEvent.EventType.COMPLETE)
                .eventTime(ZonedDateTime.now()).run(ol.newRunBuilder().runId(UUID.randomUUID()).build())
                .job(ol.newJobBuilder().namespace("bench-ol").name("job-" + (i % 100)).build())
                .inputs(List.of(ol.newInputDatasetBuilder().namespace("bench-ol").name("in-" + (i % 100)).build()))
                .outputs(List.of(ol.newOutputDatasetBuilder().namespace("bench-ol").name("out-" + (i % 100))
                        .build())).build();
    }

    private byte[] ndjson(long from, long count) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        workload.predictions(from, count, prediction -> {
            body.writeBytes(json(prediction));
            body.write('\n');
        });
        return body.toByteArray();
    }

    private static byte[] json(Prediction prediction) {
        try {
            return JSON.writeValueAsBytes(EventJson.write(prediction));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
