package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReaderTest {

    private static List<BatchReader.Item> read(String body) throws Exception {
        List<BatchReader.Item> items = new ArrayList<>();
        try (BatchReader reader = new BatchReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) {
            for (BatchReader.Item item = reader.next(); item != null; item = reader.next()) {
                items.add(item.parsed());
            }
        }
        return items;
    }

    @Test
    void readsAJsonArrayElementByElement() throws Exception {
        List<BatchReader.Item> items = read("  [{\"a\":1}, {\"a\":2},\n 3]");
        assertThat(items).extracting(BatchReader.Item::index).containsExactly(0, 1, 2);
        assertThat(items).extracting(item -> item.event().toString()).containsExactly("{\"a\":1}", "{\"a\":2}", "3");
        assertThat(items).extracting(BatchReader.Item::error).containsOnlyNulls();
    }

    @Test
    void readsNdjsonLineByLineSkippingBlankLinesAndReportingEachBadLine() throws Exception {
        List<BatchReader.Item> items = read("{\"a\":1}\n\n{\"a\":\n{\"a\":3}\r\n");
        assertThat(items).extracting(BatchReader.Item::index).containsExactly(0, 1, 2);
        assertThat(items.get(0).event().path("a").asInt()).isEqualTo(1);
        assertThat(items.get(1).error()).startsWith("not JSON");
        assertThat(items.get(2).event().path("a").asInt()).isEqualTo(3);
    }

    @Test
    void anArrayThatBreaksOffIsReadUpToTheBreak() throws Exception {
        List<BatchReader.Item> broken = read("[{\"a\":1}, {\"a\" 2}, {\"a\":3}]");
        assertThat(broken).hasSize(2);
        assertThat(broken.get(0).event()).isNotNull();
        assertThat(broken.get(1).error()).startsWith("not JSON (the rest of the array cannot be read)");
        List<BatchReader.Item> unclosed = read("[{\"a\":1}");
        assertThat(unclosed).hasSize(2);
        assertThat(unclosed.get(1).error()).isEqualTo("not JSON (the rest of the array cannot be read): Unexpected "
                + "end-of-input: expected close marker for Array");
    }

    @Test
    void anEmptyBodyOrArrayHasNoEvents() throws Exception {
        assertThat(read("")).isEmpty();
        assertThat(read(" \n ")).isEmpty();
        assertThat(read("[]")).isEmpty();
    }

    @Test
    void readsNdjsonLinesLongerThanItsBufferAndUtf8AcrossBufferEdges() throws Exception {
        String name = "é€𝄞".repeat(30_000); // 2-, 3- and 4-byte characters: 270,000 bytes on one line
        List<BatchReader.Item> items = read("{\"name\":\"" + name + "\"}\n{\"name\":\"short\"}");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).event().path("name").asText()).isEqualTo(name);
        assertThat(items.get(1).event().path("name").asText()).isEqualTo("short");
    }
}
