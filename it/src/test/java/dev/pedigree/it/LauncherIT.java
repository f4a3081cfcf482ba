package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.runtime.Endpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code ./pedigree} launcher as a user runs it, in its own process. */
class LauncherIT {

    @Test
    void demoExitsZeroAfterReadingBackEveryEvent() throws Exception {
        Path home = ItPaths.home().resolve("launcher-demo");
        RealRuntimeExtension.deleteRecursively(home);
        Process demo = launch(home, "demo", "--exit");
        boolean finished = demo.waitFor(5, TimeUnit.MINUTES);
        String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("demo finished; output so far:%n%s", output).isTrue();
        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("[1/3] Starting the embedded runtime")
                .contains("Read back 5 of 5 events")
                .contains("pedigree.predictions-value");
        assertThat(output.lines().filter(line -> line.contains("equal to what was sent")).count()).isEqualTo(5);
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
        return builder.start();
    }

    private static Endpoints awaitEndpoints(Path home, Process serve, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(serve.isAlive()).as("serve --embedded is running").isTrue();
            var endpoints = Endpoints.readFrom(home);
            if (endpoints.isPresent()) {
                return endpoints.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + Endpoints.FILE_NAME + " in " + home + " after " + timeout);
    }
}
