package dev.pedigree.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StateStoreTagsTest {

    /** The same metric of a key-value store and of a window store, tagged as Micrometer's Kafka Streams binder does. */
    @Test
    void aWindowStoreAndAKeyValueStoreShareOneMetric() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StateStoreTags());
        Tags task = Tags.of("kafka.version", "4.4.0", "task.id", "0_1", "thread.id", "t-1");
        Gauge.builder("kafka.stream.state.num.immutable.mem.table", () -> 2)
                .tags(task.and("rocksdb.state.id", "graph")).register(registry);
        Gauge.builder("kafka.stream.state.num.immutable.mem.table", () -> 3)
                .tags(task.and("rocksdb.window.state.id", "predictions")).register(registry);

        assertThat(registry.scrape().lines().filter(line -> line.startsWith(
                "kafka_stream_state_num_immutable_mem_table{"))).containsExactlyInAnyOrder(
                "kafka_stream_state_num_immutable_mem_table{kafka_version=\"4.4.0\",state_id=\"graph\","
                        + "store_type=\"rocksdb\",task_id=\"0_1\",thread_id=\"t-1\"} 2.0",
                "kafka_stream_state_num_immutable_mem_table{kafka_version=\"4.4.0\",state_id=\"predictions\","
                        + "store_type=\"rocksdb-window\",task_id=\"0_1\",thread_id=\"t-1\"} 3.0");
    }

    @Test
    void otherMetricsKeepTheirTags() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StateStoreTags());
        Gauge.builder("kafka.stream.thread.process.rate", () -> 5).tags("thread.id", "t-1", "rocksdb.state.id", "x")
                .register(registry);

        assertThat(registry.scrape()).contains("kafka_stream_thread_process_rate{rocksdb_state_id=\"x\","
                + "thread_id=\"t-1\"} 5.0");
    }
}
