package dev.pedigree.embedded;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.pedigree.runtime.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-compatible schema registry, Apicurio Registry, started as a separate JVM bound to 127.0.0.1.
 *
 * <p>The distribution comes from Maven Central ({@code io.apicurio:apicurio-registry-app:tar.gz:all}); the build
 * unpacks it next to the processor jar, or {@value #DISTRIBUTION_PROPERTY} (system property) /
 * {@code PEDIGREE_REGISTRY_DISTRIBUTION} (environment) names its folder. Schemas are kept in an H2 file under the
 * data directory, so ids stay valid for records already in Kafka across restarts. The child JVM exits when this
 * process exits, however it exits.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    /** The system property naming the unpacked Apicurio Registry folder. */
    public static final String DISTRIBUTION_PROPERTY = "pedigree.registry.distribution";
    /** The Confluent-compatible API's path in Apicurio. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final String HEAP = "-Xmx384m";

    private final Path dataDir;
    private final int port;
    private Process process;

    public EmbeddedSchemaRegistry(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = FreePort.find();
    }

    /** Launches the registry JVM without waiting for it; {@link #awaitReady()} waits. */
    public synchronized EmbeddedSchemaRegistry launch() {
        if (process != null) {
            return this;
        }
        Path runnerJar = runnerJar(distribution());
        try {
            Files.createDirectories(dataDir);
            Path logFile = dataDir.resolve("registry.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port,
                    "-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.resolve("db").resolve("registry"),
                    "-Dquarkus.log.level=WARN",
                    "-cp", watchdogClassPath() + java.io.File.pathSeparator + runnerJar,
                    ParentWatchdog.class.getName(),
                    Long.toString(ProcessHandle.current().pid()),
                    mainClass(runnerJar)));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            log.info("Schema registry (Apicurio Registry {}) starting on port {}, pid {}, log {}",
                    BuildInfo.apicurioVersion(), port, process.pid(), logFile);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry from " + runnerJar, e);
        }
    }

    /** Waits until the registry answers its Confluent-compatible API. */
    public EmbeddedSchemaRegistry awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(5))
                .GET().build();
        RetryPolicy<Integer> notYet = RetryPolicy.<Integer>builder()
                .handle(IOException.class) // not listening yet
                .handleResultIf(status -> status != 200)
                .withDelay(Duration.ofMillis(200))
                .withMaxRetries(-1)
                .withMaxDuration(STARTUP_TIMEOUT)
                .abortIf((status, failure) -> !process.isAlive())
                .build();
        try {
            int status = Failsafe.with(notYet).get(() -> http.send(probe, HttpResponse.BodyHandlers.discarding())
                    .statusCode());
            if (status == 200) {
                return this;
            }
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the schema registry exited with status " + process.exitValue()
                    + " during start-up; see " + dataDir.resolve("registry.log"));
        }
        close();
        throw new IllegalStateException("the schema registry did not answer within " + STARTUP_TIMEOUT.toSeconds()
                + " s; see " + dataDir.resolve("registry.log"));
    }

    /** The Confluent-compatible base URL, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String url() {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

    /** The registry JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** Stops the registry JVM: politely, then forcibly after 15 s. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                log.warn("Schema registry pid {} did not stop within 15 s; killing it", process.pid());
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    static Path distribution() {
        String configured = System.getProperty(DISTRIBUTION_PROPERTY, System.getenv("PEDIGREE_REGISTRY_DISTRIBUTION"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        // The launcher unpacks it beside pedigree.jar; this class's own jar sits in lib/ below that.
        Path jarFolder = besideTheJar();
        Path beside = jarFolder.resolve(BuildInfo.apicurioFolder());
        if (Files.isDirectory(beside) || jarFolder.getParent() == null) {
            return beside;
        }
        return jarFolder.getParent().resolve(BuildInfo.apicurioFolder());
    }

    private static Path besideTheJar() {
        try {
            Path codeSource = Path.of(EmbeddedSchemaRegistry.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            return codeSource.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the processor jar", e);
        }
    }

    private static Path runnerJar(Path distribution) {
        try (Stream<Path> files = Files.list(distribution)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + distribution));
        } catch (IOException e) {
            throw new IllegalStateException("the Apicurio Registry distribution is not at " + distribution
                    + ": build it with ./mvnw -pl processor -am package, or set -D" + DISTRIBUTION_PROPERTY
                    + " / PEDIGREE_REGISTRY_DISTRIBUTION to its folder", e);
        }
    }

    private static String mainClass(Path runnerJar) throws IOException {
        try (JarFile jar = new JarFile(runnerJar.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    /** Writes the watchdog's class file into the data directory and returns the folder to put on the class path. */
    private Path watchdogClassPath() throws IOException {
        String resource = ParentWatchdog.class.getName().replace('.', '/') + ".class";
        Path root = dataDir.resolve("launcher");
        Path target = root.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ParentWatchdog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            Files.write(target, in.readAllBytes());
        }
        return root;
    }
}
