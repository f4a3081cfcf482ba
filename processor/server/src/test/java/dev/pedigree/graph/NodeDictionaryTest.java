package dev.pedigree.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.graph.store.NodeKind;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NodeDictionaryTest {

    private static final String HASH = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    void everyKindOfIdComesBackAsItWentIn() {
        List<String> ids = List.of(
                NodeIds.dataset("file:///data", "users.csv"),
                NodeIds.datasetVersion("warehouse", "user_features", HASH),
                NodeIds.datasetField("features", "user_features", "ctr_7d"),
                NodeIds.job("ranking", "train_ctr"),
                NodeIds.run("3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f"),
                NodeIds.model("ctr"),
                NodeIds.modelVersion("ctr", "12"),
                // Hex runs of every length around the packing's edges: 7 and 8 digits, odd, longer than one length
                // byte packs (254 digits), and digits in uppercase (percent-encodings), which are not packed.
                NodeIds.run("abcdef1"),
                NodeIds.run("abcdef12"),
                NodeIds.run("x" + "abcdef123" + "y"),
                NodeIds.run("f".repeat(255) + "-" + "0".repeat(600)),
                NodeIds.run("deadbeef%3A%2F"),
                NodeIds.datasetField("ns", "naïve", "名前"));
        NodeDictionary dictionary = new NodeDictionary();
        for (String id : ids) {
            assertThat(dictionary.number(id, NodeIds.kindOf(id))).isEqualTo(ids.indexOf(id));
        }
        NodeDictionary.View view = dictionary.view();
        for (int number = 0; number < ids.size(); number++) {
            String id = ids.get(number);
            assertThat(view.id(number)).isEqualTo(id);
            assertThat(view.kind(number)).isEqualTo(NodeIds.kindOf(id));
            assertThat(view.hash(number)).isEqualTo(id.hashCode());
            assertThat(dictionary.find(id)).isEqualTo(number);
            assertThat(dictionary.number(id, null)).isEqualTo(number);
        }
        assertThat(dictionary.size()).isEqualTo(ids.size());
        assertThat(dictionary.find(NodeIds.run("abcdef123"))).isEqualTo(-1);
        assertThat(dictionary.find(NodeIds.run("abcdef1"))).isEqualTo(7);
    }

    @Test
    void anIdThatDoesNotStartWithItsKindIsKeptWholeAndFoundHoweverItIsAskedFor() {
        NodeDictionary dictionary = new NodeDictionary();
        dictionary.number("legacy-run-0123456789abcdef", NodeKind.RUN);
        // A record whose kind is not the one its id names: kept whole, with its record's kind.
        dictionary.number(NodeIds.run("x-0123456789abcdef"), NodeKind.DATASET);
        NodeDictionary.View view = dictionary.view();
        assertThat(view.id(0)).isEqualTo("legacy-run-0123456789abcdef");
        assertThat(view.kind(0)).isEqualTo(NodeKind.RUN);
        assertThat(view.id(1)).isEqualTo("run:x-0123456789abcdef");
        assertThat(view.kind(1)).isEqualTo(NodeKind.DATASET);
        assertThat(dictionary.find("legacy-run-0123456789abcdef")).isZero();
        assertThat(dictionary.find("run:x-0123456789abcdef")).isEqualTo(1);
        assertThat(dictionary.number("run:x-0123456789abcdef", NodeKind.RUN)).isEqualTo(1);
        assertThat(dictionary.number("run:x-0123456789abcdef", null)).isEqualTo(1);
        assertThat(dictionary.find("run:x-0123456789abcdeF")).isEqualTo(-1);
        assertThat(dictionary.size()).isEqualTo(2);
    }

    @Test
    void aContentHashTakesHalfItsDigits() {
        NodeDictionary plain = new NodeDictionary();
        NodeDictionary hashed = new NodeDictionary();
        plain.number(NodeIds.datasetVersion("w", "f", "v1"), NodeKind.DATASET_VERSION);
        hashed.number(NodeIds.datasetVersion("w", "f", HASH), NodeKind.DATASET_VERSION);
        // A length byte, then "datasetVersion:" as the kind byte; 64 digits are 32 bytes behind a byte of their own.
        assertThat(plain.bytes()).isEqualTo(2 + "w:f:v1".length());
        assertThat(hashed.bytes()).isEqualTo(2 + "w:f:sha256%3A".length() + 33);
    }

    @Test
    void manyIdsAreFoundAndSortedAsStrings() {
        Random random = new Random(42);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String part = switch (random.nextInt(4)) {
                case 0 -> Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
                case 1 -> "c" + random.nextInt(1000) + "-s" + random.nextInt(20);
                case 2 -> Integer.toString(random.nextInt(), 36);
                default -> "f" + Integer.toHexString(random.nextInt(256));
            };
            ids.add(random.nextBoolean() ? NodeIds.run(part + "-" + i) : NodeIds.datasetVersion("ns", part, HASH + i));
        }
        NodeDictionary dictionary = new NodeDictionary();
        ids.forEach(id -> dictionary.number(id, null));
        assertThat(IntStream.range(0, ids.size()).filter(i -> dictionary.find(ids.get(i)) != i)).isEmpty();

        int[] numbers = IntStream.range(0, ids.size()).toArray();
        int[] order = numbers.clone();
        IntArrays.quickSort(order, dictionary.view().byId(i -> numbers[i]));
        List<String> sorted = IntStream.of(order).mapToObj(ids::get).toList();
        assertThat(sorted).isSortedAccordingTo(Comparator.naturalOrder());

        // A walk's sorter, a few at a time (as a node's edges) and more than a few, values mapped to numbers.
        NodeDictionary.Sorter sorter = dictionary.view().sorter();
        for (int count : new int[] {2, 3, 8, 16, 17, 40}) {
            for (int round = 0; round < 200; round++) {
                int[] values = random.ints(count, 0, ids.size()).map(number -> number + 7).toArray();
                sorter.sort(values, 0, count, value -> value - 7);
                assertThat(IntStream.of(values).mapToObj(value -> ids.get(value - 7)).toList())
                        .isSortedAccordingTo(Comparator.naturalOrder());
            }
        }
    }
}
