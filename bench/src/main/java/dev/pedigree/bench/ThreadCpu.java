package dev.pedigree.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM's Java threads (broker, processor, HTTP server and the bench's clients all run in it),
 * grouped by what they do, between two points of a run: where the cores went while a figure was measured.
 * RocksDB's, the JIT's and the garbage collector's threads are not Java threads and are not counted.
 */
final class ThreadCpu {

    /** The name prefix of the threads the bench's HTTP clients send from. */
    static final String BENCH_CLIENT = "bench-client-";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> startNanos = new TreeMap<>();

    private ThreadCpu() {
    }

    /** Starts counting now. */
    static ThreadCpu start() {
        ThreadCpu cpu = new ThreadCpu();
        for (long thread : THREADS.getAllThreadIds()) {
            cpu.startNanos.put(thread, Math.max(0, THREADS.getThreadCpuTime(thread)));
        }
        return cpu;
    }

    /** CPU per event since {@link #start()}: each group's, largest first ("broker 7.1 µs, …"), and all of it. */
    record PerEvent(String byGroup, double totalMicros) {
    }

    PerEvent perEvent(long events) {
        Map<String, Long> byGroup = new TreeMap<>();
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(thread.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - startNanos.getOrDefault(thread.getThreadId(), 0L);
            byGroup.merge(group(thread.getThreadName()), used, Long::sum);
        }
        Map<String, Long> sorted = byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue()
                .reversed()).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        LinkedHashMap::new));
        String byGroupText = sorted.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f µs",
                e.getKey(), e.getValue() / 1_000.0 / events)).collect(Collectors.joining(", "));
        double total = sorted.values().stream().mapToLong(Long::longValue).sum() / 1_000.0 / events;
        return new PerEvent(String.format(Locale.ROOT, "%.1f µs in all: %s", total, byGroupText), total);
    }

    private static String group(String thread) {
        if (thread.contains("pedigree-http-events")) {
            return "HTTP API's producer (its network thread)";
        }
        if (thread.startsWith("JettyServerThreadPool") || thread.startsWith("pedigree-http-batch")) {
            return "HTTP API (Jetty, translators)";
        }
        if (thread.contains("StreamThread") || thread.contains("GlobalStreamThread")) {
            return "processor (both applications' stream threads and their producers)";
        }
        if (thread.startsWith(BENCH_CLIENT) || thread.startsWith("pool-") || thread.equals("main")
                || thread.startsWith("kafka-producer-network-thread")) {
            return "bench clients (HTTP client, producer)";
        }
        if (thread.startsWith("data-plane") || thread.startsWith("kafka-") || thread.contains("oordinator")
                || thread.startsWith("TxnMarker") || thread.startsWith("AddPartitions")
                || thread.startsWith("ExpirationReaper") || thread.startsWith("quorum")) {
            return "broker";
        }
        return "other Java threads";
    }
}
