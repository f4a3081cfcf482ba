package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.runtime.Endpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code ./pedigree} launcher as a user runs it, in its own process. */
class LauncherIT {

    @Test
    void demoAnswersTheThreeScenariosAndExitsZero() throws Exception {
        Path home = ItPaths.home().resolve("launcher-demo");
        RealRuntimeExtension.deleteRecursively(home);
        Process demo = launch(home, "demo", "--exit");
        boolean finished = demo.waitFor(5, TimeUnit.MINUTES);
        String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("demo finished; output so far:%n%s", output).isTrue();
        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("[1/6] Starting the embedded runtime", "[6/6] Waiting until the API shows")
                .contains("1. Accuracy dropped after a data update", "Compare: verdict DATA_CHANGED",
                        "the lineages diverge at the source crm/customers.csv", "HASH_CHANGED_IN_PLACE")
                .contains("verdict PARAMETERS_CHANGED", "verdict CODE_CHANGED")
                .contains("2. Experiments on different data subsets and feature steps",
                        "written by experiments/featurize @ 8a9b0c1")
                .contains("3. A bug in user features degrades CTR across models",
                        "650 predictions were served from the bad feature version",
                        "read user_features but not ctr_7d, so left out: ctr-notify 1",
                        "columns on the path to the model: user_features.ctr_7d → ctr_home_training.ctr_7d",
                        "the lineages diverge at step features/build_user_features (commit 9c1d2e0 → 4b7f1aa)")
                .containsPattern("Report ready \\d+\\.\\d s after the command started");
        assertThat(Endpoints.readFrom(home.resolve("demo"))).as("no endpoints left after --exit").isEmpty();
    }

    @Test
    void serveEmbeddedLeavesNoOrphanRegistryWhenKilled() throws Exception {
        Path home = ItPaths.home().resolve("launcher-serve");
        RealRuntimeExtension.deleteRecursively(home);
        Process serve = launch(home, "serve", "--embedded");
        try {
            Endpoints endpoints = awaitEndpoints(home, serve, Duration.ofMinutes(3));
            assertThat(endpoints.pid()).isEqualTo(serve.pid());
            List<ProcessHandle> registries = serve.toHandle().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("ParentWatchdog"))
                    .toList();
            assertThat(registries).as("the registry JVM under serve").hasSize(1);

            serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            ProcessHandle registry = registries.get(0);
            registry.onExit().get(30, TimeUnit.SECONDS);
            assertThat(registry.isAlive()).as("registry after its parent was killed").isFalse();
        } finally {
            serve.destroyForcibly();
        }
    }

    private static Process launch(Path home, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(ItPaths.launcher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolveSibling(home.getFileName() + ".log")
                        .toFile()));
        Files.createDirectories(home);
        builder.environment().put("PEDIGREE_HOME", home.toString());
        builder.environment().put("PEDIGREE_HTTP_PORT", "0");
        return builder.start();
    }

    private static Endpoints awaitEndpoints(Path home, Process serve, Duration timeout) {
        return await("an " + Endpoints.FILE_NAME + " in " + home).atMost(timeout).until(() -> {
            assertThat(serve.isAlive()).as("serve --embedded is running").isTrue();
            return Endpoints.readFrom(home);
        }, Optional::isPresent).get();
    }
}
