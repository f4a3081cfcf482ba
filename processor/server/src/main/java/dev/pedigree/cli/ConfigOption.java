package dev.pedigree.cli;

import dev.pedigree.config.PedigreeConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares. */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with Pedigree, Kafka and Streams settings (PEDIGREE_* variables win).")
    Path file;

    public PedigreeConfig load() {
        return PedigreeConfig.load(file);
    }
}
