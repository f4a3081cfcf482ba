package dev.pedigree.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final String SCOPE = "in-memory-registry-test";
    private static final Schema V1 = SchemaBuilder.record("User").fields().requiredString("id").endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("User").fields()
            .requiredString("id").name("age").type().intType().intDefault(0).endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("User").fields()
            .requiredString("id").requiredInt("age").endRecord();

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void mockUrlsOfOneScopeShareARegistry() {
        SchemaRegistryClient viaConfig = SchemaRegistryClients.create(Map.of(SchemaRegistryConfig.URL, "mock://" + SCOPE));
        int id = viaConfig.register("users-value", V1);
        assertThat(registry.schemaById(id)).isEqualTo(V1);
        assertThat(SchemaRegistryClients.create(Map.of(SchemaRegistryConfig.URL, "mock://other")).subjects()).isEmpty();
        InMemorySchemaRegistry.dropScope("other");
    }

    @Test
    void registrationIsIdempotentAndIdsAreGlobal() {
        int first = registry.register("a-value", V1);
        assertThat(registry.register("a-value", V1)).isEqualTo(first);
        assertThat(registry.register("b-value", V1)).as("same schema, other subject").isEqualTo(first);
        assertThat(registry.latest("a-value").version()).isEqualTo(1);
        assertThat(registry.lookupId("b-value", V1)).isEqualTo(first);
    }

    @Test
    void backwardCompatibleChangeGetsANewVersion() {
        int v1 = registry.register("users-value", V1);
        int v2 = registry.register("users-value", V2_WITH_DEFAULT);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(registry.latest("users-value")).isEqualTo(new RegisteredSchema("users-value", 2, v2, V2_WITH_DEFAULT));
    }

    @Test
    void incompatibleChangeIsRefusedWith409ByDefault() {
        registry.register("users-value", V1);
        assertThat(registry.isCompatible("users-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThatThrownBy(() -> registry.register("users-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.getMessage()).contains("incompatible with BACKWARD").contains("age");
                });
    }

    @Test
    void subjectRuleNoneAllowsAnything() {
        registry.register("users-value", V1);
        registry.setCompatibility("users-value", CompatibilityLevel.NONE);
        assertThat(registry.compatibility("users-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.register("users-value", V2_WITHOUT_DEFAULT)).isPositive();
    }

    @Test
    void forwardRuleChecksTheOtherDirection() {
        registry.setCompatibility("users-value", CompatibilityLevel.FORWARD);
        registry.register("users-value", V2_WITHOUT_DEFAULT);
        // Removing a field: old readers (needing "age", no default) cannot read new data.
        assertThat(registry.isCompatible("users-value", V1)).isFalse();
    }

    @Test
    void unknownIdsAndSubjectsAre404() {
        assertThatThrownBy(() -> registry.schemaById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                });
        assertThatThrownBy(() -> registry.latest("nothing-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> registry.lookupId("nothing-value", V1)).isInstanceOf(SchemaRegistryException.class);
    }
}
