package dev.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.pedigree.connectors.json.EventJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * What an audit-log leaf commits to: the event as RFC 8785 (JCS) canonical JSON in UTF-8, with Avro's field names,
 * times as epoch milliseconds and bytes as base64 ({@link EventJson#write}), so anyone can read what was recorded and
 * recompute its hash. A number JSON cannot hold (NaN, ±Infinity, e.g. an undefined metric) is written as the string
 * {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
 */
public final class LeafData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LeafData() {
    }

    public static byte[] of(SpecificRecord event) {
        JsonNode json = finite(EventJson.write(event));
        try {
            return new JsonCanonicalizer(MAPPER.writeValueAsString(json)).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException("cannot canonicalize " + event.getSchema().getName(), e);
        }
    }

    private static JsonNode finite(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            double value = node.asDouble();
            return Double.isFinite(value) ? node : TextNode.valueOf(Double.toString(value));
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
}
