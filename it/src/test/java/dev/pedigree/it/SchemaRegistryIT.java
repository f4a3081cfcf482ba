package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.RunEvent;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.schema.SampleEvents;
import dev.pedigree.schema.registry.CompatibilityLevel;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.registry.SchemaRegistryException;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry client against a real Confluent-compatible registry (Apicurio's ccompat API). */
@ExtendWith(RealRuntimeExtension.class)
class SchemaRegistryIT {

    private static final Schema V1 = SchemaBuilder.record("Order").namespace("it").fields()
            .requiredString("id").endRecord();
    private static final Schema V2_COMPATIBLE = SchemaBuilder.record("Order").namespace("it").fields()
            .requiredString("id").name("amount").type().doubleType().doubleDefault(0).endRecord();
    private static final Schema V2_INCOMPATIBLE = SchemaBuilder.record("Order").namespace("it").fields()
            .requiredString("id").requiredDouble("amount").endRecord();

    private static RestSchemaRegistryClient client(EmbeddedRuntime runtime) {
        return new RestSchemaRegistryClient(new SchemaRegistryConfig(Map.of(
                SchemaRegistryConfig.URL, runtime.schemaRegistryUrl(), SchemaRegistryConfig.RETRIES, "0")));
    }

    private static String subject() {
        return "it-" + UUID.randomUUID() + "-value";
    }

    @Test
    void registrationIsIdempotentAndLookupsAgree(EmbeddedRuntime runtime) {
        String subject = subject();
        try (RestSchemaRegistryClient client = client(runtime); RestSchemaRegistryClient other = client(runtime)) {
            int id = client.register(subject, V1);
            assertThat(other.register(subject, V1)).isEqualTo(id);
            assertThat(other.lookupId(subject, V1)).isEqualTo(id);
            assertThat(other.schemaById(id)).isEqualTo(V1);
            assertThat(other.latest(subject).version()).isEqualTo(1);
            assertThat(other.subjects()).contains(subject);
        }
    }

    @Test
    void theEmbeddedRegistryRefusesAnIncompatibleChange(EmbeddedRuntime runtime) {
        String subject = subject();
        try (RestSchemaRegistryClient client = client(runtime)) {
            client.register(subject, V1);
            assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
            assertThat(client.isCompatible(subject, V2_INCOMPATIBLE)).isFalse();
            assertThatThrownBy(() -> client.register(subject, V2_INCOMPATIBLE))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.isIncompatible()).isTrue();
                        assertThat(e.getMessage()).contains("409").contains(subject);
                    });

            assertThat(client.isCompatible(subject, V2_COMPATIBLE)).isTrue();
            int v2 = client.register(subject, V2_COMPATIBLE);
            assertThat(client.latest(subject).id()).isEqualTo(v2);
        }
    }

    @Test
    void aStricterSubjectRuleIsEnforced(EmbeddedRuntime runtime) {
        // Removing a required field is BACKWARD-compatible (new readers ignore it) but not FULL (old readers need it).
        // (A subject rule of NONE cannot be tested here: Apicurio then falls back to the global rule.)
        Schema withoutId = SchemaBuilder.record("Order").namespace("it").fields()
                .name("amount").type().doubleType().doubleDefault(0).endRecord();
        String subject = subject();
        try (RestSchemaRegistryClient client = client(runtime)) {
            client.register(subject, V2_COMPATIBLE);
            assertThat(client.isCompatible(subject, withoutId)).as("under the global BACKWARD rule").isTrue();

            client.setCompatibility(subject, CompatibilityLevel.FULL);

            assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.FULL);
            assertThatThrownBy(() -> client.register(subject, withoutId))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());
        }
    }

    @Test
    void anUnknownSchemaIdIsASerializationErrorNamingIt(EmbeddedRuntime runtime) {
        try (RestSchemaRegistryClient client = client(runtime)) {
            byte[] bytes = new byte[16];
            ByteBuffer.wrap(bytes).put((byte) 0).putInt(987_654);
            SpecificAvroDeserializer<RunEvent> deserializer = new SpecificAvroDeserializer<>(RunEvent.class, client);
            assertThatThrownBy(() -> deserializer.deserialize("pedigree.runs", bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("topic pedigree.runs, schema id 987654: unknown schema id");
        }
    }

    @Test
    void everyEventSchemaIsAcceptedByTheRealRegistry(EmbeddedRuntime runtime) {
        try (RestSchemaRegistryClient client = client(runtime)) {
            String subject = subject();
            assertThat(client.register(subject, SampleEvents.runEvent().getSchema())).isPositive();
            assertThat(client.schemaById(client.lookupId(subject, RunEvent.getClassSchema())))
                    .isEqualTo(RunEvent.getClassSchema());
        }
    }
}
