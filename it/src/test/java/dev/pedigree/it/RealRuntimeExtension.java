package dev.pedigree.it;

import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.runtime.Folders;
import java.nio.file.Path;

/**
 * Gives tests a real Kafka broker and a real schema registry: one {@link EmbeddedRuntime}, started on first use
 * and shared by every test class of the run (kept in the root context's store, closed when the run ends), so
 * adding test classes adds no start-up time. Declare a parameter of type {@link EmbeddedRuntime} to get it.
 */
public final class RealRuntimeExtension extends SharedResourceExtension<EmbeddedRuntime> {

    public RealRuntimeExtension() {
        super(EmbeddedRuntime.class);
    }

    @Override
    protected EmbeddedRuntime start() {
        Path home = ItPaths.home().resolve("shared");
        deleteRecursively(home);
        return EmbeddedRuntime.start(home);
    }

    static void deleteRecursively(Path folder) {
        Folders.deleteRecursively(folder);
    }
}
