package dev.pedigree.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.pedigree.streams.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The instance's metrics in Prometheus form at {@code /metrics}: Kafka Streams' own metrics (records processed,
 * {@code dropped-records-total} for dead-lettered records, lag, RocksDB…) of both applications, told apart by their
 * {@code application} tag ({@value #PROVENANCE}, {@value #AUDIT_LOG}), each store's labelled by
 * {@code store_type} and {@code state_id} ({@link StateStoreTags}); HTTP request timings per route; JVM.
 */
public final class PedigreeMetrics implements AutoCloseable {

    /** The {@code application} tag of the provenance application's Kafka Streams metrics. */
    public static final String PROVENANCE = "provenance";
    /** The {@code application} tag of the audit log application's Kafka Streams metrics. */
    public static final String AUDIT_LOG = "audit-log";
    /**
     * How often Kafka Streams' metrics are looked at again for new ones (a store's, once its task is created);
     * Micrometer's default is a minute.
     */
    private static final Duration STREAMS_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<KafkaStreamsMetrics> streamsMetrics = new ArrayList<>();
    /** One thread per application looking for new Kafka Streams metrics, stopped on close. */
    private final List<ScheduledExecutorService> refreshers = new ArrayList<>();
    private JvmGcMetrics gc;

    public PedigreeMetrics() {
        registry.config().meterFilter(new StateStoreTags());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    /**
     * Adds Kafka Streams' metrics, and Pedigree's summaries of them: records sent to the dead-letter topic, and the
     * estimated entries of each state store (RocksDB's {@code estimate-num-keys}, summed over tasks).
     */
    public void bind(KafkaStreams streams) {
        bindStreams(streams, PROVENANCE);
        gauge("pedigree.dlq.records", "records this instance could not read or process, sent to pedigree.dlq",
                () -> sum(streams, "dropped-records-total", null, null));
        for (String store : STORES) {
            io.micrometer.core.instrument.Gauge.builder("pedigree.store.estimated.entries",
                    () -> sum(streams, "estimate-num-keys", "state-id", store))
                    .description("entries in a state store, as RocksDB estimates them, over this instance's tasks")
                    .tag("store", store).register(registry);
        }
    }

    /** Adds the audit log application's Kafka Streams metrics (its lag, records processed, RocksDB…). */
    public void bindAuditLog(KafkaStreams auditStreams) {
        bindStreams(auditStreams, AUDIT_LOG);
    }

    private void bindStreams(KafkaStreams streams, String application) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(BasicThreadFactory.builder()
                .namingPattern("pedigree-metrics-" + application).daemon(true).build());
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams, Tags.of("application", application),
                refresher, STREAMS_METRICS_REFRESH);
        refreshers.add(refresher);
        metrics.bindTo(registry);
        streamsMetrics.add(metrics);
    }

    /** Counts by one tag value, e.g. alerts by type. */
    public void gauge(String name, String description, String tag, String value, Supplier<Number> supplier) {
        io.micrometer.core.instrument.Gauge.builder(name, supplier).description(description).tag(tag, value)
                .register(registry);
    }

    private static final List<String> STORES = List.of(StoreNames.GRAPH, StoreNames.RUNS,
            StoreNames.DATASET_HISTORY, StoreNames.MODEL_VERSIONS, StoreNames.PREDICTIONS,
            StoreNames.PREDICTION_USAGE, StoreNames.ALERTS);

    /** The sum of a Streams metric over its instances, optionally only those whose tag ending in {@code tagSuffix}
     * names {@code store}. */
    private static double sum(KafkaStreams streams, String name, String tagSuffix, String store) {
        double total = 0;
        for (var entry : streams.metrics().entrySet()) {
            var metricName = entry.getKey();
            if (!metricName.name().equals(name)) {
                continue;
            }
            if (store != null && metricName.tags().entrySet().stream()
                    .noneMatch(t -> t.getKey().endsWith(tagSuffix) && t.getValue().equals(store))) {
                continue;
            }
            Object value = entry.getValue().metricValue();
            if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
                total += number.doubleValue();
            }
        }
        return total;
    }

    /** Counts a number that something else keeps, e.g. webhook failures. */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    /** Records one HTTP request. */
    public void request(String method, String route, int status, Duration took) {
        Timer.builder("pedigree.http.requests").description("HTTP requests by route")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentiles(0.5, 0.99)
                .register(registry).record(took);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        streamsMetrics.forEach(KafkaStreamsMetrics::close);
        refreshers.forEach(ScheduledExecutorService::shutdownNow);
        gc.close();
        registry.close();
    }
}
