package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.embedded.EmbeddedRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code ./pedigree} run as a user runs it, against the shared runtime; asserts it succeeded. */
final class Cli {

    private Cli() {
    }

    /** Runs {@code ./pedigree args…} with {@code home} as PEDIGREE_HOME; its output (stdout and stderr). */
    static String run(EmbeddedRuntime runtime, Path home, String... args) throws Exception {
        return runWith(Map.of("PEDIGREE_HOME", home.toString(),
                "PEDIGREE_BOOTSTRAP_SERVERS", runtime.bootstrapServers(),
                "PEDIGREE_SCHEMA_REGISTRY_URL", runtime.schemaRegistryUrl()), args);
    }

    /** Runs {@code ./pedigree args…} with {@code environment} added to this process's; its output. */
    static String runWith(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ItPaths.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("./pedigree %s finished", String.join(" ", args))
                .isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
