package dev.pedigree.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.schema.SampleEvents;
import dev.pedigree.schema.registry.InMemorySchemaRegistry;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecificAvroSerdeTest {

    private static final String TOPIC = "pedigree.datasets";
    private String scope;
    private InMemorySchemaRegistry registry;

    @BeforeEach
    void newRegistry(TestInfo info) {
        scope = "serde-test-" + info.getDisplayName().hashCode() + "-" + System.nanoTime();
        registry = InMemorySchemaRegistry.forScope(scope);
    }

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    static Stream<SpecificRecord> everyEventType() {
        return Stream.of(SampleEvents.datasetVersion(), SampleEvents.runEvent(), SampleEvents.modelVersion(),
                SampleEvents.prediction(), SampleEvents.alert());
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTripsEveryEventTypeThroughTheConfluentWireFormat(SpecificRecord event) {
        SpecificAvroSerde serde = new SpecificAvroSerde(event.getClass());
        serde.configure(Map.of(SchemaRegistryConfig.URL, "mock://" + scope), false);
        String topic = "topic-" + event.getSchema().getName();

        byte[] bytes = serde.serializer().serialize(topic, event);
        Object read = serde.deserializer().deserialize(topic, bytes);

        assertThat(read).isEqualTo(event);
        assertThat(bytes[0]).isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(registry.latest(topic + "-value").id()).isEqualTo(id);
        assertThat(registry.schemaById(id)).isEqualTo(event.getSchema());
    }

    @Test
    void registersKeysUnderTheKeySubject() {
        SpecificAvroSerializer<DatasetVersion> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(SchemaRegistryConfig.URL, "mock://" + scope), true);
        serializer.serialize("keyed", SampleEvents.datasetVersion());
        assertThat(registry.subjects()).containsExactly("keyed-key");
    }

    @Test
    void refusesToWriteAnInvalidEvent() {
        DatasetVersion event = SampleEvents.datasetVersion();
        event.setContentHash("sha256:not-hex");
        assertThatThrownBy(() -> serializer(DatasetVersion.class).serialize(TOPIC, event))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic " + TOPIC)
                .hasMessageContaining("contentHash must be 'sha256:'");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void withoutAutoRegisterOnlyLooksUpAndSaysWhatIsMissing() {
        SpecificAvroSerializer<DatasetVersion> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(SchemaRegistryConfig.URL, "mock://" + scope,
                SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, SampleEvents.datasetVersion()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot look up schema dev.pedigree.events.DatasetVersion under subject "
                        + TOPIC + "-value");

        int id = registry.register(TOPIC + "-value", DatasetVersion.getClassSchema());
        byte[] bytes = serializer.serialize(TOPIC, SampleEvents.datasetVersion());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void readsNullAsNull() {
        assertThat(deserializer(DatasetVersion.class).deserialize(TOPIC, null)).isNull();
        assertThat(serializer(DatasetVersion.class).serialize(TOPIC, null)).isNull();
    }

    @Test
    void wrongMagicByteNamesTopicAndByte() {
        byte[] bytes = valid();
        bytes[0] = 7;
        assertThatThrownBy(() -> deserializer(DatasetVersion.class).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("topic " + TOPIC + ": unknown magic byte 0x07 (expected 0x00): not in the Confluent "
                        + "wire format");
    }

    @Test
    void recordShorterThanTheHeader() {
        assertThatThrownBy(() -> deserializer(DatasetVersion.class).deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("record of 3 bytes is shorter than the 5-byte");
    }

    @Test
    void truncatedBodyNamesTopicAndSchemaId() {
        byte[] bytes = valid();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);
        assertThatThrownBy(() -> deserializer(DatasetVersion.class).deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic " + TOPIC + ", schema id " + id + ": cannot decode");
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] bytes = valid();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> deserializer(DatasetVersion.class).deserialize(TOPIC, longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left over");
    }

    @Test
    void unknownSchemaIdIsNamed() {
        byte[] bytes = valid();
        ByteBuffer.wrap(bytes).put(0, (byte) 0).putInt(1, 4242);
        assertThatThrownBy(() -> deserializer(DatasetVersion.class).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic " + TOPIC + ", schema id 4242: unknown schema id");
    }

    @Test
    void writerSchemaThatDoesNotResolveToTheReadersIsRefused() {
        byte[] modelBytes = serializer(ModelVersion.class).serialize(TOPIC, SampleEvents.modelVersion());
        assertThatThrownBy(() -> deserializer(DatasetVersion.class).deserialize(TOPIC, modelBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not resolve to dev.pedigree.events.DatasetVersion");
    }

    @Test
    void invalidEventOnTheWireIsRefusedWithTheField() throws Exception {
        DatasetVersion event = SampleEvents.datasetVersion();
        event.setContentHash("sha256:short");
        byte[] bytes = frame(registry.register(TOPIC + "-value", DatasetVersion.getClassSchema()), event);
        assertThatThrownBy(() -> deserializer(DatasetVersion.class).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("invalid DatasetVersion: contentHash must be 'sha256:'");
    }

    @Test
    void readsDataWrittenWithAnOlderCompatibleSchema() throws Exception {
        // An older producer that knew only the required fields of DatasetVersion.
        Schema old = SchemaBuilder.record("DatasetVersion").namespace("dev.pedigree.events").fields()
                .requiredString("eventId")
                .name("eventTime").type(LogicalTypes.timestampMillis()
                        .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredString("producer")
                .name("dataset").type(DatasetVersion.getClassSchema().getField("dataset").schema()).noDefault()
                .requiredString("contentHash")
                .endRecord();
        GenericRecord dataset = new GenericData.Record(old.getField("dataset").schema());
        dataset.put("namespace", "warehouse");
        dataset.put("name", "users");
        GenericRecord record = new GenericData.Record(old);
        record.put("eventId", "e-1");
        record.put("eventTime", 1_700_000_000_000L);
        record.put("producer", "old-producer");
        record.put("dataset", dataset);
        record.put("contentHash", SampleEvents.hashOf("x"));
        int id = registry.register("old-subject", old);
        byte[] bytes = frame(id, record);

        DatasetVersion read = deserializer(DatasetVersion.class).deserialize(TOPIC, bytes);

        assertThat(read.getDataset().getName()).isEqualTo("users");
        assertThat(read.getVersionLabel()).isNull();
        assertThat(read.getFacets()).isEmpty();
    }

    @Test
    void randomBytesOnlyEverRaiseSerializationException() {
        int id = registry.register(TOPIC + "-value", DatasetVersion.getClassSchema());
        SpecificAvroDeserializer<DatasetVersion> deserializer = deserializer(DatasetVersion.class);
        Random random = new Random(42);
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[5 + random.nextInt(200)];
            random.nextBytes(bytes);
            ByteBuffer.wrap(bytes).put(0, (byte) 0).putInt(1, id);
            try {
                deserializer.deserialize(TOPIC, bytes);
                decoded++;
            } catch (SerializationException expected) {
                assertThat(expected.getMessage()).startsWith("topic " + TOPIC + ", schema id " + id + ": ");
            }
        }
        assertThat(decoded).as("random bytes that happen to decode into a valid event").isLessThan(20_000);
    }

    @Test
    void hugeDeclaredStringLengthIsAnErrorNotAnAllocation() {
        int id = registry.register(TOPIC + "-value", DatasetVersion.getClassSchema());
        // eventId's length as a zig-zag varint claiming ~1 GiB, followed by nothing.
        byte[] bytes = {0, 0, 0, 0, (byte) id, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        assertThatThrownBy(() -> deserializer(DatasetVersion.class).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic " + TOPIC + ", schema id " + id + ": cannot decode");
    }

    @Test
    void unconfiguredSerdeSaysWhatIsMissing() {
        assertThatThrownBy(() -> new SpecificAvroSerde<>(LineageAlert.class).serializer())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs configure()");
    }

    @Test
    void reflectiveDeserializerNeedsItsType() {
        SpecificAvroDeserializer<RunEvent> deserializer = new SpecificAvroDeserializer<>();
        assertThatThrownBy(() -> deserializer.configure(Map.of(SchemaRegistryConfig.URL, "mock://" + scope), false))
                .hasMessageContaining(SpecificAvroDeserializer.VALUE_TYPE_CONFIG);
        deserializer.configure(Map.of(SchemaRegistryConfig.URL, "mock://" + scope,
                SpecificAvroDeserializer.VALUE_TYPE_CONFIG, Prediction.class.getName()), false);
        Prediction prediction = SampleEvents.prediction();
        byte[] bytes = serializer(Prediction.class).serialize("p", prediction);
        assertThat((Object) deserializer.deserialize("p", bytes)).isEqualTo(prediction);
    }

    private byte[] valid() {
        return serializer(DatasetVersion.class).serialize(TOPIC, SampleEvents.datasetVersion());
    }

    private <T extends SpecificRecord> SpecificAvroSerializer<T> serializer(Class<T> type) {
        SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>(registry);
        serializer.configure(Map.of(SchemaRegistryConfig.URL, "mock://" + scope), false);
        return serializer;
    }

    private <T extends SpecificRecord> SpecificAvroDeserializer<T> deserializer(Class<T> type) {
        return new SpecificAvroDeserializer<>(type, registry);
    }

    private static byte[] frame(int id, IndexedRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        DatumWriter<IndexedRecord> writer =
                record instanceof SpecificRecord
                        ? new SpecificDatumWriter<>(record.getSchema())
                        : new GenericDatumWriter<>(record.getSchema());
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
