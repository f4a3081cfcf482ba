package dev.pedigree.launcher;

import dev.pedigree.cli.PedigreeCli;
import dev.pedigree.demo.DemoCommand;
import dev.pedigree.embedded.EmbeddedRuntime;

/**
 * {@code ./pedigree}: the production command line ({@link PedigreeCli}) plus what only developers and the demo
 * need: the embedded broker and registry behind {@code serve --embedded}, and {@code demo}. The container image
 * runs {@link PedigreeCli} without them.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(PedigreeCli.commandLine(EmbeddedRuntime::start, new DemoCommand()).execute(args));
    }
}
