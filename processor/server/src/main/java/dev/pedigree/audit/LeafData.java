package dev.pedigree.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.erdtman.jcs.NumberToJSON;

/**
 * What an audit-log leaf commits to: the event as RFC 8785 (JCS) canonical JSON in UTF-8, with Avro's field names,
 * times as epoch milliseconds and bytes as base64, so anyone can read what was recorded and recompute its hash. A
 * number JSON cannot hold (NaN, ±Infinity, e.g. an undefined metric) is written as the string {@code "NaN"},
 * {@code "Infinity"} or {@code "-Infinity"}.
 *
 * <p>Written straight from the Avro record, as JCS orders and formats it: object members sorted by name (Avro
 * names and map keys here are compared as UTF-16 code units, as JCS says), strings escaped as ECMAScript's
 * {@code JSON.stringify} does, numbers in ECMAScript's shortest form ({@link NumberToJSON}, the RFC's reference
 * serializer). {@code LeafDataTest} checks it against the reference canonicalizer.
 */
public final class LeafData {

    /** ECMAScript's escapes: lowercase hex, characters outside the BMP as themselves (not surrogate escapes). */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final Map<Schema, List<Schema.Field>> SORTED_FIELDS = new ConcurrentHashMap<>();

    private LeafData() {
    }

    public static byte[] of(SpecificRecord event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            write(json, event.getSchema(), event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + event.getSchema().getName() + " as JSON", e);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator json, Schema schema, Object value) throws IOException {
        switch (schema.getType()) {
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) value;
                json.writeStartObject();
                for (Schema.Field field : SORTED_FIELDS.computeIfAbsent(schema, LeafData::sorted)) {
                    json.writeFieldName(field.name());
                    write(json, field.schema(), record.get(field.pos()));
                }
                json.writeEndObject();
            }
            case MAP -> {
                List<Entry<?, ?>> entries = new ArrayList<>(((Map<?, ?>) value).entrySet());
                entries.sort(Comparator.comparing(entry -> entry.getKey().toString()));
                json.writeStartObject();
                for (Entry<?, ?> entry : entries) {
                    json.writeFieldName(entry.getKey().toString());
                    write(json, schema.getValueType(), entry.getValue());
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (Object item : (Collection<?>) value) {
                    write(json, schema.getElementType(), item);
                }
                json.writeEndArray();
            }
            case UNION -> write(json, schema.getTypes().get(SpecificData.get().resolveUnion(schema, value)), value);
            case STRING, ENUM -> json.writeString(value.toString());
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] content = new byte[buffer.remaining()];
                buffer.get(content);
                json.writeString(Base64.getEncoder().encodeToString(content));
            }
            case LONG -> json.writeRawValue(number(value instanceof Instant time ? time.toEpochMilli()
                    : ((Number) value).longValue()));
            case INT -> json.writeRawValue(number(((Number) value).intValue()));
            case FLOAT, DOUBLE -> {
                double number = ((Number) value).doubleValue();
                if (Double.isFinite(number)) {
                    json.writeRawValue(NumberToJSON.serializeNumber(number));
                } else {
                    json.writeString(Double.toString(number));
                }
            }
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case NULL -> json.writeNull();
            default -> throw new IllegalArgumentException("no JSON for Avro type " + schema.getType());
        }
    }

    /** A whole number as JCS writes it: as the IEEE 754 double it is read as. */
    private static String number(long value) throws IOException {
        return Math.abs(value) < (1L << 53) ? Long.toString(value) : NumberToJSON.serializeNumber(value);
    }

    private static List<Schema.Field> sorted(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>(schema.getFields());
        fields.sort(Comparator.comparing(Schema.Field::name));
        return fields;
    }
}
