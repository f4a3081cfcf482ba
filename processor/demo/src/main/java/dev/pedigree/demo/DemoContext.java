package dev.pedigree.demo;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a scenario needs: where to publish lineage, where to write its files, its names, and where to say what it
 * is doing (one line per step).
 */
public record DemoContext(LineageRecorder recorder, Path directory, DemoNames names, Consumer<String> progress) {
}
