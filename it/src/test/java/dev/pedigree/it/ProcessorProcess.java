package dev.pedigree.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code ./pedigree serve} in its own process against a given broker and registry, as an operator runs it. */
final class ProcessorProcess implements AutoCloseable {

    private final Process process;
    private final CountDownLatch running = new CountDownLatch(1);

    private ProcessorProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("Processor running")) {
                        running.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "processor-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ProcessorProcess start(Path home, String bootstrapServers, String registryUrl) throws IOException,
            InterruptedException {
        return start(home, bootstrapServers, registryUrl, Map.of());
    }

    /** The same, with extra {@code PEDIGREE_*} settings (HTTP port, application id…). */
    static ProcessorProcess start(Path home, String bootstrapServers, String registryUrl, Map<String, String> env)
            throws IOException, InterruptedException {
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(List.of(ItPaths.launcher().toString(), "serve"))
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("serve.log").toFile()));
        builder.environment().put("PEDIGREE_HOME", home.toString());
        builder.environment().put("PEDIGREE_BOOTSTRAP_SERVERS", bootstrapServers);
        builder.environment().put("PEDIGREE_SCHEMA_REGISTRY_URL", registryUrl);
        // A killed instance's partitions move after this; the default 45 s would only slow the tests.
        builder.environment().put("PEDIGREE_KAFKA_SESSION_TIMEOUT_MS", "6000");
        builder.environment().put("PEDIGREE_KAFKA_HEARTBEAT_INTERVAL_MS", "1500");
        builder.environment().putIfAbsent("PEDIGREE_HTTP_PORT", "0");
        builder.environment().put("PEDIGREE_HTTP_HOST", "127.0.0.1");
        builder.environment().putAll(env);
        ProcessorProcess started = new ProcessorProcess(builder.start());
        if (!started.running.await(3, TimeUnit.MINUTES)) {
            started.kill();
            throw new AssertionError("./pedigree serve did not report running; see " + home.resolve("serve.log"));
        }
        return started;
    }

    /** {@code kill -9}: no shutdown hook, no commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
