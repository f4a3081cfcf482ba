package dev.pedigree.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.pedigree.schema.InvalidEventException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Events as plain JSON with Avro field names (no union wrappers), the form of the HTTP ingestion routes.
 * {@link #read} is lenient where people write JSON by hand: optional fields may be left out or null, defaults are
 * applied, times may be epoch millis or ISO-8601; unknown fields are refused, and every problem names the field by
 * its path, e.g. {@code inputs[1].dataset.name}. {@link #write} gives what {@code read} reads back: times as epoch
 * millis, bytes (a column's quantiles sketch) as base64.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    /** @throws InvalidEventException naming the first field that does not fit the event's schema */
    public static <T extends SpecificRecord> T read(JsonNode json, Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        return type.cast(convert(json, schema, Where.ROOT, model));
    }

    /**
     * Where a value sits in the event: {@code inputs[1].dataset.name}. Written out only for an error message, so that
     * a valid event costs no path strings.
     */
    private record Where(Where parent, String field, int item) {

        static final Where ROOT = new Where(null, null, -1);

        Where field(String name) {
            return new Where(this, name, -1);
        }

        Where item(int position) {
            return new Where(this, null, position);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String above = parent.toString();
            if (field == null) {
                return above + "[" + item + "]";
            }
            return above.isEmpty() ? field : above + "." + field;
        }
    }

    /** The value as the generated classes hold it: their records and enums, times as {@link Instant}. */
    private static Object convert(JsonNode node, Schema schema, Where path, SpecificData model) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!node.isObject()) {
                    throw invalid(path, "must be an object");
                }
                // Unknown fields first: an event of another kind is named as such, not by a missing field.
                Iterator<String> names = node.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (schema.getField(name) == null) {
                        throw invalid(path.field(name), "is not a field of " + schema.getName());
                    }
                }
                IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode value = node.get(field.name());
                    Where fieldPath = path.field(field.name());
                    if (value == null || value.isMissingNode()) {
                        if (!field.hasDefaultValue()) {
                            throw invalid(fieldPath, "is required");
                        }
                        record.put(field.pos(), model.getDefaultValue(field));
                    } else {
                        record.put(field.pos(), convert(value, field.schema(), fieldPath, model));
                    }
                }
                return record;
            }
            case UNION -> {
                Schema branch = null;
                boolean nullable = false;
                for (Schema type : schema.getTypes()) {
                    if (type.getType() == Schema.Type.NULL) {
                        nullable = true;
                    } else if (branch == null) {
                        branch = type;
                    }
                }
                if (node.isNull()) {
                    if (nullable) {
                        return null;
                    }
                    throw invalid(path, "must not be null");
                }
                if (branch == null) {
                    throw invalid(path, "must be null");
                }
                return convert(node, branch, path, model);
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw invalid(path, "must be a string");
                }
                return node.asText();
            }
            case LONG -> {
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return Instant.ofEpochMilli(time(node, path));
                }
                if (!node.canConvertToLong() || !node.isIntegralNumber()) {
                    throw invalid(path, "must be a whole number");
                }
                return node.asLong();
            }
            case INT -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw invalid(path, "must be a whole number");
                }
                return node.asInt();
            }
            case DOUBLE, FLOAT -> {
                if (!node.isNumber()) {
                    throw invalid(path, "must be a number");
                }
                return schema.getType() == Schema.Type.DOUBLE ? (Object) node.asDouble() : (Object) (float) node.asDouble();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw invalid(path, "must be true or false");
                }
                return node.asBoolean();
            }
            case ENUM -> {
                if (!node.isTextual() || !schema.getEnumSymbols().contains(node.asText())) {
                    throw invalid(path, "must be one of " + schema.getEnumSymbols());
                }
                return model.createEnum(node.asText(), schema);
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    throw invalid(path, "must be an array");
                }
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(convert(node.get(i), schema.getElementType(), path.item(i), model));
                }
                return items;
            }
            case BYTES -> {
                if (!node.isTextual()) {
                    throw invalid(path, "must be a base64 string");
                }
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
                } catch (IllegalArgumentException e) {
                    throw invalid(path, "must be a base64 string");
                }
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw invalid(path, "must be an object");
                }
                Map<String, Object> map = new HashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(),
                        convert(e.getValue(), schema.getValueType(), path.field(e.getKey()), model)));
                return map;
            }
            default -> throw invalid(path, "has a type this API does not read: " + schema.getType());
        }
    }

    private static long time(JsonNode node, Where path) {
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw invalid(path, "must be epoch milliseconds or ISO-8601 (2026-11-24T10:15:30Z)");
            }
        }
        throw invalid(path, "must be epoch milliseconds or ISO-8601 (2026-11-24T10:15:30Z)");
    }

    private static InvalidEventException invalid(Where path, String problem) {
        return new InvalidEventException(path.toString(), problem);
    }

    /** The event as {@link #read} reads it. */
    public static ObjectNode write(SpecificRecord event) {
        Schema schema = event.getSchema();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            new SpecificDatumWriter<SpecificRecord>(schema).write(event, encoder);
            encoder.flush();
            // Read back without logical types: times come out as the epoch millis they are on the wire.
            Object generic = new GenericDatumReader<GenericRecord>(schema, schema, new GenericData())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
            return (ObjectNode) toJson(generic);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + schema.getName() + " as JSON", e);
        }
    }

    private static JsonNode toJson(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        } else if (value instanceof GenericRecord record) {
            ObjectNode object = MAPPER.createObjectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                object.set(field.name(), toJson(record.get(field.pos())));
            }
            return object;
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = MAPPER.createObjectNode();
            map.forEach((key, item) -> object.set(key.toString(), toJson(item)));
            return object;
        } else if (value instanceof Collection<?> items) {
            ArrayNode array = MAPPER.createArrayNode();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] content = new byte[copy.remaining()];
            copy.get(content);
            return TextNode.valueOf(Base64.getEncoder().encodeToString(content));
        }
        return MAPPER.valueToTree(value instanceof CharSequence || value instanceof GenericEnumSymbol<?>
                ? value.toString() : value);
    }
}
