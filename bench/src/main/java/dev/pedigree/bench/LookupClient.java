package dev.pedigree.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The provenance lookup load, run in a JVM of its own as a service calling Pedigree would be: the client's
 * allocations and garbage collections are not the server's (in the server's JVM the client made a third of the
 * allocations during the lookups). Both still share the machine's cores. Prints its figures on standard output as
 * {@code key value} lines, read back by {@link #run}.
 */
@Command(name = "lookup-client", description = "Fixed-rate and saturating provenance lookups against a running "
        + "Pedigree.")
final class LookupClient implements Callable<Integer> {

    /** Threads sending the fixed-rate lookups, each on its own connection. */
    static final int SENDERS = 16;
    static final int SATURATION_CLIENTS = 16;
    /** The client's own JVM: a young generation large enough that its collections are rare and short. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");

    @Option(names = "--url", required = true) String url;
    @Option(names = "--rate", required = true) int rate;
    @Option(names = "--warm-up-seconds", required = true) int warmUpSeconds;
    @Option(names = "--seconds", required = true) int seconds;
    @Option(names = "--saturation-seconds", required = true) int saturationSeconds;
    @Option(names = "--predictions", required = true) long predictions;
    @Option(names = "--workload-seed", required = true) long workloadSeed;
    @Option(names = "--seed", required = true) long seed;
    @Option(names = "--path", defaultValue = PROVENANCE, description = "the route, {id} standing for the "
            + "prediction id") String path;

    /** The provenance lookup a service makes. */
    static final String PROVENANCE = "/v1/predictions/{id}/provenance";
    /** The audit proof of a prediction. */
    static final String PROOF = "/v1/audit/proof?node=prediction%3A{id}";
    /**
     * The liveness route, which reads nothing: at the same rate from the same client it is what every answer pays
     * (the client, Jetty, the loopback and the machine's scheduling), the floor under a route's latency.
     */
    static final String LIVENESS = "/health/live";

    private final BenchHttp http = new BenchHttp();

    /** What a run measured. */
    record Figures(Latencies fixedRate, long errors, double saturation) {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LookupClient()).execute(args));
    }

    /**
     * The row that sets a route's fixed-rate latency beside the liveness route's at the same rate ({@link #LIVENESS}):
     * how much of its p99 is the route's own work and how much any request pays on this machine.
     */
    static void addFloorRow(Results results, String benchmark, String route, Figures measured, Figures floor,
            int rate) {
        results.add(benchmark, String.format(Locale.ROOT, "%s beside GET %s at the same fixed %,d requests/s from "
                + "the same client (the HTTP floor)", route, LIVENESS, rate), measured.fixedRate().summary(),
                "GET " + LIVENESS + " " + floor.fixedRate().summary(),
                Results.ratio(measured.fixedRate().percentileMillis(99), floor.fixedRate().percentileMillis(99))
                        + " (p99)", String.format(Locale.ROOT, "the liveness route reads nothing: its latency is the "
                        + "client's, Jetty's and the 2 shared cores' scheduling; %d errors", floor.errors()),
                Results.Numbers.latency(measured.fixedRate(), floor.fixedRate(), 99));
    }

    /** Runs the load in a child JVM with this JVM's class path and reads its figures back. */
    static Figures run(String url, int rate, int warmUpSeconds, int seconds, int saturationSeconds, long predictions,
            long workloadSeed, long seed) throws Exception {
        return run(url, PROVENANCE, rate, warmUpSeconds, seconds, saturationSeconds, predictions, workloadSeed, seed);
    }

    /** {@link #run} against another route ({@code {id}} stands for the prediction id). */
    static Figures run(String url, String path, int rate, int warmUpSeconds, int seconds, int saturationSeconds,
            long predictions, long workloadSeed, long seed) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LookupClient.class.getName(),
                "--url=" + url, "--rate=" + rate, "--warm-up-seconds=" + warmUpSeconds,
                "--seconds=" + seconds, "--saturation-seconds=" + saturationSeconds,
                "--predictions=" + predictions, "--workload-seed=" + workloadSeed, "--seed=" + seed,
                "--path=" + path));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Latencies fixed = null;
        long errors = -1;
        double saturation = Double.NaN;
        for (String line : new String(process.getInputStream().readAllBytes()).split("\n")) {
            String[] field = line.split(" ", 2);
            switch (field[0]) {
                case "fixed-rate" -> fixed = Latencies.of(Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(Base64.getDecoder().decode(field[1])), 0));
                case "errors" -> errors = Long.parseLong(field[1]);
                case "saturation" -> saturation = Double.parseDouble(field[1]);
                default -> { }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || fixed == null || errors < 0) {
            throw new IllegalStateException("the lookup client exited with " + exit + " without its figures");
        }
        return new Figures(fixed, errors, saturation);
    }

    @Override
    public Integer call() throws Exception {
        Random random = new Random(seed);
        AtomicLong errors = new AtomicLong();
        // The first seconds open the senders' connections and warm both JITs and the provenance cache: not counted.
        fixedRate(random, warmUpSeconds, new Latencies(), errors);
        Latencies fixed = new Latencies();
        fixedRate(random, seconds, fixed, errors);
        double saturation = saturationSeconds > 0 ? saturation(random) : Double.NaN;
        Histogram histogram = fixed.histogram();
        ByteBuffer encoded = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(encoded);
        System.out.println("fixed-rate " + Base64.getEncoder().encodeToString(Arrays.copyOf(encoded.array(),
                length)));
        System.out.println("errors " + errors.get());
        System.out.println("saturation " + saturation);
        return 0;
    }

    /**
     * {@code seconds} of lookups at {@link #rate}. Request i is due at start + i / rate. Senders (each one keep-alive
     * connection, as a service calling Pedigree has) take the next due request, sleep until it is due, and send it;
     * when all are busy a request goes out late and its latency still counts from when it was due (no coordinated
     * omission).
     */
    private void fixedRate(Random random, int duration, Latencies into, AtomicLong failed)
            throws InterruptedException {
        long total = (long) rate * duration;
        long start = System.nanoTime() + 50_000_000L;
        AtomicLong next = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            long senderSeed = random.nextLong();
            Thread sender = new Thread(() -> {
                Random own = new Random(senderSeed);
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long intended = start + i * 1_000_000_000L / rate;
                    long early = intended - System.nanoTime();
                    if (early > 0) {
                        LockSupport.parkNanos(early);
                    }
                    if (!lookUp(own)) {
                        failed.incrementAndGet();
                    }
                    into.record((System.nanoTime() - intended) / 1_000);
                }
            }, "lookup-sender-" + s);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    /** Requests per second of {@link #SATURATION_CLIENTS} clients sending back to back. */
    private double saturation(Random random) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(saturationSeconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < SATURATION_CLIENTS; c++) {
            long clientSeed = random.nextLong();
            Thread thread = new Thread(() -> {
                Random own = new Random(clientSeed);
                while (System.nanoTime() < end && lookUp(own)) {
                    done.incrementAndGet();
                }
            }, "saturation-client-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return done.get() / (double) saturationSeconds;
    }

    /** One lookup of a random stored prediction; whether it was answered 200. */
    private boolean lookUp(Random random) {
        String id = Workload.predictionId(workloadSeed, Math.floorMod(random.nextLong(), predictions));
        try {
            return http.status(url + path.replace("{id}", id)) == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
