package dev.pedigree.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.RunEvent;
import dev.pedigree.schema.registry.CompatibilityLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Every event schema must stay BACKWARD-compatible with each released version kept under
 * {@code src/main/avro/history/<release>/}: consumers on the new schema read everything ever written. When a
 * release ships, copy the current schemas into a new folder there.
 */
class SchemaEvolutionTest {

    private static final Path HISTORY = Path.of("src/main/avro/history");

    @Test
    void everyEventIsBackwardCompatibleWithEveryRelease() throws IOException {
        List<Path> releases = releases();
        assertThat(releases).as("released schema folders under " + HISTORY).isNotEmpty();
        for (Path release : releases) {
            for (Class<? extends SpecificRecord> type : EventTypes.ALL) {
                Path released = release.resolve(type.getSimpleName() + ".avsc");
                if (!Files.exists(released)) {
                    continue; // the event did not exist in that release
                }
                Schema old = new Schema.Parser().parse(released.toFile());
                String problem = CompatibilityLevel.BACKWARD.incompatibility(schemaOf(type), List.of(old));
                assertThat(problem).as(type.getSimpleName() + " against release " + release.getFileName()).isEmpty();
            }
        }
    }

    @Test
    void theNewestReleaseHasEveryEvent() throws IOException {
        List<Path> releases = releases();
        Path newest = releases.get(releases.size() - 1);
        for (Class<? extends SpecificRecord> type : EventTypes.ALL) {
            assertThat(newest.resolve(type.getSimpleName() + ".avsc")).exists();
        }
    }

    @Test
    void theCheckCatchesARequiredFieldAddedWithoutDefault() throws IOException {
        Path newest = releases().get(releases().size() - 1);
        Schema released = new Schema.Parser().parse(newest.resolve("RunEvent.avsc").toFile());
        String json = RunEvent.getClassSchema().toString()
                .replace("{\"name\":\"runId\"", "{\"name\":\"tenant\",\"type\":\"string\"},{\"name\":\"runId\"");
        Schema withRequiredField = new Schema.Parser().parse(json);

        assertThat(CompatibilityLevel.BACKWARD.incompatibility(withRequiredField, List.of(released)))
                .contains("READER_FIELD_MISSING_DEFAULT").contains("tenant");
    }

    private static int byVersion(Path a, Path b) {
        String[] left = a.getFileName().toString().split("\\.");
        String[] right = b.getFileName().toString().split("\\.");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = Integer.compare(Integer.parseInt(left[i]), Integer.parseInt(right[i]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static Schema schemaOf(Class<? extends SpecificRecord> type) {
        return SpecificData.getForClass(type).getSchema(type);
    }

    private static List<Path> releases() throws IOException {
        try (Stream<Path> folders = Files.list(HISTORY)) {
            return folders.filter(Files::isDirectory).sorted(SchemaEvolutionTest::byVersion).toList();
        }
    }
}
