package dev.pedigree.it;

import java.nio.file.Path;

/** Where the integration tests keep their data and find the launcher (set by failsafe in it/pom.xml). */
final class ItPaths {

    private ItPaths() {
    }

    static Path home() {
        return Path.of(System.getProperty("pedigree.it.home", "target/pedigree-it-home")).toAbsolutePath();
    }

    static Path launcher() {
        return Path.of(System.getProperty("pedigree.launcher", "../pedigree")).toAbsolutePath().normalize();
    }
}
