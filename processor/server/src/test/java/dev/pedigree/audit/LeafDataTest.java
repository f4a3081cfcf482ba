package dev.pedigree.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.pedigree.connectors.json.EventJson;
import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.streams.Pipelines;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * The leaf data written straight from Avro is byte for byte what the RFC 8785 reference canonicalizer (Erdtman's,
 * the RFC's Java implementation) makes of the event's JSON, for every kind of event and awkward values: NaN and
 * very small and large numbers, control characters and non-ASCII text, unordered maps, bytes.
 */
class LeafDataTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static byte[] reference(SpecificRecord event) throws Exception {
        JsonNode json = finite(EventJson.write(event));
        return new JsonCanonicalizer(MAPPER.writeValueAsString(json)).getEncodedUTF8();
    }

    private static JsonNode finite(JsonNode node) {
        if (node.isDouble() && !Double.isFinite(node.asDouble())) {
            return TextNode.valueOf(Double.toString(node.asDouble()));
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(finite(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, finite(array.get(i)));
            }
        }
        return node;
    }

    @Test
    void matchesTheReferenceCanonicalizerForEveryKindOfEvent() throws Exception {
        List<SpecificRecord> events = new ArrayList<>(Pipelines.csvImputeScaleTrain());
        ModelVersion model = Pipelines.model("m", "1", "r", Pipelines.at(3), 0.1 + 0.2);
        model.setMetrics(Map.of("nan", Double.NaN, "inf", Double.NEGATIVE_INFINITY, "tiny", 1e-7, "huge", 1e21,
                "third", 1.0 / 3, "whole", 2.0, "negative zero", -0.0));
        model.setHyperparameters(Map.of("z", "last", "A", "upper", "é", "accent", "a\tb", "tab"));
        events.add(model);
        Prediction prediction = Pipelines.prediction("p\u0001\u001f\"\\/é😀\u2028", "m", "1", Pipelines.at(4));
        prediction.setAttributes(Map.of("b", "2", "a", "1", "ключ", "значение"));
        events.add(prediction);
        DatasetVersion profiled = Pipelines.dataset("ns", "users", Pipelines.hash("u"), "v1", Pipelines.at(5), null);
        profiled.setColumns(List.of(ColumnProfile.newBuilder().setName("age").setType(dev.pedigree.events.ColumnType.DOUBLE).setCount(10)
                .setNulls(1).setDistinct(9).setMin(-1.5).setMax(1e300).setMean(0.1).setStddev(Double.NaN)
                .setQuantiles(ByteBuffer.wrap("sketch bytes \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1)))
                .setContentHash(Pipelines.hash("age")).build()));
        events.add(profiled);
        events.add(Pipelines.run("r-2", "job", RunState.FAIL, Pipelines.at(6), List.of(), List.of(), null,
                Map.of()));
        for (SpecificRecord event : events) {
            assertThat(new String(LeafData.of(event), StandardCharsets.UTF_8)).as(event.getSchema().getName())
                    .isEqualTo(new String(reference(event), StandardCharsets.UTF_8));
        }
    }
}
