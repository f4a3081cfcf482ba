package dev.pedigree.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a running embedded runtime can be reached, written to {@code $PEDIGREE_HOME/endpoints.properties} so that
 * commands started later without connection settings find it.
 *
 * @param bootstrapServers the broker's bootstrap servers
 * @param schemaRegistryUrl the registry's Confluent-compatible base URL
 * @param httpUrl the processor's HTTP API, or null when it does not serve one
 * @param pid the process that owns the runtime
 */
public record Endpoints(String bootstrapServers, String schemaRegistryUrl, String httpUrl, long pid) {

    /** The file's name inside {@code PEDIGREE_HOME}. */
    public static final String FILE_NAME = "endpoints.properties";

    private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

    /** Writes the endpoints atomically to {@code home}'s file. */
    public void writeTo(Path home) {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("schema.registry.url", schemaRegistryUrl);
        if (httpUrl != null) {
            properties.setProperty("http.url", httpUrl);
        }
        properties.setProperty("pid", Long.toString(pid));
        Path file = home.resolve(FILE_NAME);
        Path temporary = home.resolve(FILE_NAME + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            properties.store(out, "Endpoints of the Pedigree embedded runtime (pid " + pid + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The endpoints written in {@code home}, if the file exists and the process that wrote it still runs; a file
     * left by a process that died is ignored with a warning.
     */
    public static Optional<Endpoints> readFrom(Path home) {
        Path file = home.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        long pid = Long.parseLong(properties.getProperty("pid", "-1"));
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of(new Endpoints(properties.getProperty("bootstrap.servers"),
                    properties.getProperty("schema.registry.url"), properties.getProperty("http.url"), pid));
        }
        log.warn("Ignoring {}: the runtime that wrote it (pid {}) is no longer running", file, pid);
        return Optional.empty();
    }

    /** Removes the file from {@code home}, if it is there. */
    public static void deleteFrom(Path home) {
        try {
            Files.deleteIfExists(home.resolve(FILE_NAME));
        } catch (IOException e) {
            log.warn("Cannot delete {}", home.resolve(FILE_NAME), e);
        }
    }
}
