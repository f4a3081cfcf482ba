package dev.pedigree.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads an event written as plain JSON with Avro field names (no union wrappers) into its Avro class: optional
 * fields may be left out or null, defaults are applied, times may be epoch millis or ISO-8601, unknown fields are
 * refused. Every problem names the field by its path, e.g. {@code inputs[1].dataset.name}.
 */
final class JsonToAvro {

    private JsonToAvro() {
    }

    static <T extends SpecificRecord> T read(JsonNode json, Class<T> type) {
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        GenericRecord generic = (GenericRecord) convert(json, schema, "");
        return toSpecific(generic, schema, type);
    }

    private static Object convert(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!node.isObject()) {
                    throw invalid(path, "must be an object");
                }
                GenericRecord record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode value = node.get(field.name());
                    String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                    if (value == null || value.isMissingNode()) {
                        if (!field.hasDefaultValue()) {
                            throw invalid(fieldPath, "is required");
                        }
                        record.put(field.name(), GenericData.get().getDefaultValue(field));
                    } else {
                        record.put(field.name(), convert(value, field.schema(), fieldPath));
                    }
                }
                Iterator<String> names = node.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (schema.getField(name) == null) {
                        throw invalid(path.isEmpty() ? name : path + "." + name, "is not a field of "
                                + schema.getName());
                    }
                }
                return record;
            }
            case UNION -> {
                if (node.isNull()) {
                    if (schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                        return null;
                    }
                    throw invalid(path, "must not be null");
                }
                Schema branch = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
                        .orElseThrow(() -> invalid(path, "must be null"));
                return convert(node, branch, path);
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw invalid(path, "must be a string");
                }
                return node.asText();
            }
            case LONG -> {
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return time(node, path);
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
                return new GenericData.EnumSymbol(schema, node.asText());
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    throw invalid(path, "must be an array");
                }
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw invalid(path, "must be an object");
                }
                Map<String, Object> map = new HashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(),
                        convert(e.getValue(), schema.getValueType(), path + "." + e.getKey())));
                return map;
            }
            default -> throw invalid(path, "has a type this API does not read: " + schema.getType());
        }
    }

    private static long time(JsonNode node, String path) {
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

    /** Through Avro binary, so logical types (times as Instant) come out as the generated class has them. */
    private static <T extends SpecificRecord> T toSpecific(GenericRecord generic, Schema schema, Class<T> type) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(schema).write(generic, encoder);
            encoder.flush();
            return new SpecificDatumReader<T>(schema, schema, SpecificData.getForClass(type))
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot convert to " + type.getSimpleName(), e);
        }
    }

    private static ApiException invalid(String path, String problem) {
        return ApiException.badRequest(path, path + " " + problem);
    }
}
