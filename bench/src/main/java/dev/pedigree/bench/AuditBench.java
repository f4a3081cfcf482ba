package dev.pedigree.bench;

import dev.pedigree.cli.PedigreeCli;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.schema.topic.EventKind;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.streams.StreamsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's costs, on the bench's million predictions:
 * <ul>
 *   <li><b>ingest</b>: fresh processors (their own application ids) read all the predictions from the start, with and
 *   without the audit log, in the order without / with / with / without; predictions/s until all are counted;</li>
 *   <li><b>proof lookups</b>: the provenance lookup at a fixed rate, then {@code GET /v1/audit/proof} and the
 *   liveness route (the HTTP floor) at the same rate (the same client JVM and senders), once the graph has
 *   settled;</li>
 *   <li><b>checkpoint lag</b>: from a prediction's acknowledgement to the first proof the API serves for it;</li>
 *   <li><b>full verify</b>: {@code audit verify --full}, every record re-read and rehashed, every checkpoint
 *   checked.</li>
 * </ul>
 */
final class AuditBench {

    private static final Logger log = LoggerFactory.getLogger(AuditBench.class);
    private static final int LAG_SAMPLES = 100;

    /** Counts the predictions an instance counted, as the ingest benchmark does. */
    @FunctionalInterface
    interface Counter {
        long await(String api, long expected, Duration timeout, Timeline timeline) throws Exception;
    }

    private final Results results;
    private final String bootstrap;
    private final String registry;
    private final String api;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final Counter counter;
    private final BenchHttp http = new BenchHttp();

    AuditBench(Results results, String bootstrap, String registry, String api,
            KafkaProducer<String, SpecificRecord> producer, Counter counter) {
        this.results = results;
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.api = api;
        this.producer = producer;
        this.counter = counter;
    }

    /**
     * @param abba the ingest passes in the order without, with, with, without, so that drift over the run weighs
     *     on both alike; false for one pass of each (the smoke run, which only checks that the passes work)
     */
    void run(PedigreeConfig config, Path work, long predictions, long seed, Workload workload, int rate,
            int warmUpSeconds, int seconds, boolean abba) throws Exception {
        lookups(predictions, seed, rate, warmUpSeconds, seconds);
        checkpointLag(seed, config.auditCheckpointInterval());
        fullVerify(work, predictions);
        ingest(work, predictions, abba);
    }

    private void lookups(long predictions, long seed, int rate, int warmUpSeconds, int seconds) throws Exception {
        // The newest predictions are proven once a checkpoint covers them: wait for the last one's.
        String last = NodeIds.prediction(Workload.predictionId(seed, predictions - 1));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (status("/v1/audit/proof?node=" + URLEncoder.encode(last, StandardCharsets.UTF_8)) != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no proof of " + last + " after 2 minutes");
            }
            Thread.sleep(200);
        }
        LookupClient.Figures provenance = LookupClient.run(api, LookupClient.PROVENANCE, rate, warmUpSeconds,
                seconds, 0, predictions, seed, seed + 7);
        LookupClient.Figures proofs = LookupClient.run(api, LookupClient.PROOF, rate, warmUpSeconds, seconds, 0,
                predictions, seed, seed + 7);
        LookupClient.Figures liveness = LookupClient.run(api, LookupClient.LIVENESS, rate, warmUpSeconds, seconds,
                0, predictions, seed, seed + 7);
        results.add("audit", String.format(Locale.ROOT, "GET /v1/audit/proof?node=prediction:… at a fixed %,d "
                + "requests/s for %d s after %d s of warm-up", rate, seconds, warmUpSeconds), proofs.fixedRate()
                .summary(), "provenance lookup at the same rate " + provenance.fixedRate().summary(),
                Results.ratio(proofs.fixedRate().percentileMillis(99), provenance.fixedRate().percentileMillis(99))
                        + " (p99)", String.format(Locale.ROOT, "%d and %d errors; each bundle read from the log's "
                        + "store: leaf, event id, O(log n) subtree hashes, the checkpoint", proofs.errors(),
                        provenance.errors()), Results.Numbers.latency(proofs.fixedRate(), provenance.fixedRate(), 99));
        LookupClient.addFloorRow(results, "audit", "GET /v1/audit/proof?node=prediction:…", proofs, liveness, rate);
    }

    /**
     * From each prediction's acknowledgement until the API serves its proof (a checkpoint covers it): one sent every
     * 2 intervals / {@value #LAG_SAMPLES}, every unproven one asked about between sends.
     */
    private void checkpointLag(long seed, Duration interval) throws Exception {
        Latencies lag = new Latencies();
        List<String> pending = new ArrayList<>();
        Map<String, Long> acknowledged = new HashMap<>();
        long spacing = interval.toNanos() * 2 / LAG_SAMPLES;
        long nextSend = System.nanoTime();
        int sent = 0;
        long deadline = System.nanoTime() + interval.multipliedBy(5).plusSeconds(30).toNanos();
        while ((sent < LAG_SAMPLES || !pending.isEmpty()) && System.nanoTime() < deadline) {
            if (sent < LAG_SAMPLES && System.nanoTime() >= nextSend) {
                String id = "audit-lag-" + seed + "-" + sent;
                Prediction prediction = Prediction.newBuilder().setEventId("bal-" + seed + "-" + sent)
                        .setEventTime(Instant.now()).setProducer(Workload.PRODUCER).setPredictionId(id)
                        .setModel(new dev.pedigree.events.ModelRef("bench-model", "0")).build();
                producer.send(EventKind.record(prediction)).get();
                acknowledged.put(id, System.nanoTime());
                pending.add(id);
                sent++;
                nextSend += spacing;
            }
            for (String id : new ArrayList<>(pending)) {
                if (status("/v1/audit/proof?node=" + URLEncoder.encode(NodeIds.prediction(id),
                        StandardCharsets.UTF_8)) == 200) {
                    lag.record((System.nanoTime() - acknowledged.get(id)) / 1_000);
                    pending.remove(id);
                }
            }
            Thread.sleep(10);
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " predictions never got a proof");
        }
        results.add("audit", String.format(Locale.ROOT, "checkpoint lag: %d predictions sent over two checkpoint "
                + "intervals (%d s), from acknowledgement to the first proof served", LAG_SAMPLES,
                interval.toSeconds()), lag.summary(), "goal: p99 ≤ interval + 1 s = "
                + (interval.toMillis() + 1_000) + " ms", "-", "each unproven prediction asked about between sends",
                Results.Numbers.latency(lag));
    }

    private int status(String path) throws Exception {
        return http.status(api + path);
    }

    /** {@code audit verify --full} in this JVM, against the bench's topics. */
    private void fullVerify(Path work, long predictions) throws Exception {
        Path file = work.resolve("audit-verify.properties");
        Properties settings = new Properties();
        settings.setProperty(PedigreeConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.setProperty(PedigreeConfig.SCHEMA_REGISTRY_URL, registry);
        settings.setProperty("application.id", "pedigree-bench");
        settings.setProperty(PedigreeConfig.HOME, work.resolve("audit-verify").toString());
        try (var out = Files.newBufferedWriter(file)) {
            settings.store(out, "audit verify --full");
        }
        StringWriter output = new StringWriter();
        var commandLine = PedigreeCli.commandLine();
        commandLine.setOut(new PrintWriter(output));
        commandLine.setErr(new PrintWriter(output));
        long started = System.nanoTime();
        int exit = commandLine.execute("audit", "verify", "--full", "--config", file.toString(), "--url", api);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("audit verify --full failed: " + output);
        }
        Matcher rate = Pattern.compile("([0-9,]+) records of (\\d+) log\\(s\\) re-read and hashed in ([0-9.]+) s "
                + "\\(([0-9,]+) records/s\\)").matcher(output.toString());
        if (!rate.find()) {
            throw new IllegalStateException("audit verify --full printed no rate: " + output);
        }
        results.add("audit", "audit verify --full: every input record re-read from Kafka and rehashed, every "
                + "checkpoint checked (" + rate.group(2) + " logs)", rate.group(4) + " records/s", "-", "-",
                String.format(Locale.ROOT, "%s records (the %,d predictions and the graph's events) in %.1f s, "
                        + "%.1f s with the checkpoints and consistency proofs", rate.group(1), predictions,
                        Double.parseDouble(rate.group(3)), seconds),
                Results.Numbers.of(Double.parseDouble(rate.group(4).replace(",", "")), "records/s"));
    }

    /**
     * Fresh processors read the same predictions with and without the audit log: ABBA, or AB when not abba. With the
     * log, a pass also times until the audit log's application has committed every prediction as a leaf.
     */
    private void ingest(Path work, long predictions, boolean abba) throws Exception {
        Pass without1 = pass(work, "bench-audit-off-1", false, predictions);
        Pass with1 = pass(work, "bench-audit-on-1", true, predictions);
        Pass with2 = abba ? pass(work, "bench-audit-on-2", true, predictions) : with1;
        Pass without2 = abba ? pass(work, "bench-audit-off-2", false, predictions) : without1;
        double on = (with1.counted() + with2.counted()) / 2;
        double logged = (with1.logged() + with2.logged()) / 2;
        double off = (without1.counted() + without2.counted()) / 2;
        String blocks = abba ? String.format(Locale.ROOT, "blocks without / with / with / without: %,.0f, %,.0f, "
                + "%,.0f, %,.0f /s", without1.counted(), with1.counted(), with2.counted(), without2.counted())
                : "one pass of each";
        results.add("audit", String.format(Locale.ROOT, "prediction ingest with the audit log (a fresh processor "
                + "reading the %,d predictions from the start)", predictions), Results.number(on, "/s"),
                "without the audit log " + Results.number(off, "/s"), Results.ratio(on, off),
                blocks + ", each from its start until every prediction is counted", Results.Numbers.of(on, off, "/s"));
        results.add("audit", String.format(Locale.ROOT, "the same passes until every prediction is also a leaf of the "
                + "audit log (its application's offsets committed)"), Results.number(logged, "/s"),
                "without the audit log " + Results.number(off, "/s"), Results.ratio(logged, off),
                String.format(Locale.ROOT, "with the log: %,.0f and %,.0f /s", with1.logged(), with2.logged()),
                Results.Numbers.of(logged, off, "/s"));
    }

    /** One pass: predictions/s until all are counted and, with the log, until all are leaves. */
    private record Pass(double counted, double logged) {
    }

    private Pass pass(Path work, String application, boolean audit, long predictions) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("PEDIGREE_HOME", work.resolve(application).toString());
        environment.put("PEDIGREE_HTTP_PORT", "0");
        environment.put("PEDIGREE_HTTP_HOST", "127.0.0.1");
        environment.put("PEDIGREE_KAFKA_APPLICATION_ID", application);
        environment.put("PEDIGREE_AUDIT_ENABLED", Boolean.toString(audit));
        PedigreeConfig config = PedigreeConfig.load(null, environment);
        try (PedigreeServer side = PedigreeServer.start(config, bootstrap, registry)) {
            // Timed from RUNNING: the global graph store is restored before, alike with and without the log.
            side.processor().awaitRunning(Duration.ofMinutes(15));
            long started = System.nanoTime();
            long counted = counter.await(side.httpUrl(), predictions, Duration.ofMinutes(30),
                    new Timeline(application));
            double rate = counted / ((System.nanoTime() - started) / 1e9);
            double logged = Double.NaN;
            if (audit) {
                awaitCommitted(StreamsSettings.auditApplicationId(application), TopicNames.PREDICTIONS,
                        Duration.ofMinutes(30));
                logged = counted / ((System.nanoTime() - started) / 1e9);
            }
            log.info("{}: {} predictions/s counted{}", application, Math.round(rate),
                    audit ? ", " + Math.round(logged) + " /s in the audit log" : "");
            return new Pass(rate, logged);
        }
    }

    /** Waits until consumer group {@code group} has committed the end of every partition of {@code topic}. */
    private void awaitCommitted(String group, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var partition : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                if (ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue())) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(group + " did not commit the end of " + topic + " within " + timeout);
    }
}
