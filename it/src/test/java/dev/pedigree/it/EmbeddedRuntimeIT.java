package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.runtime.Endpoints;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.topic.TopicNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Life cycle of the embedded runtime: topics, endpoints file, restarts, exclusive homes, no orphan registry. */
@ExtendWith(RealRuntimeExtension.class)
class EmbeddedRuntimeIT {

    private static final Schema SCHEMA = SchemaBuilder.record("Kept").fields().requiredString("id").endRecord();

    @Test
    void createsEveryContractTopic(EmbeddedRuntime runtime) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(TopicNames.ALL).allTopicNames().get();
            assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(TopicNames.ALL);
            assertThat(topics.get(TopicNames.PREDICTIONS).partitions()).hasSizeGreaterThan(
                    topics.get(TopicNames.MODELS).partitions().size());
        }
    }

    @Test
    void publishesItsEndpointsWhileRunning(EmbeddedRuntime runtime) {
        Endpoints endpoints = Endpoints.readFrom(runtime.home()).orElseThrow();
        assertThat(endpoints.bootstrapServers()).isEqualTo(runtime.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(endpoints.schemaRegistryUrl()).isEqualTo(runtime.schemaRegistryUrl())
                .startsWith("http://127.0.0.1:").endsWith("/apis/ccompat/v7");
        assertThat(endpoints.pid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void restartKeepsTopicsAndSchemaIdsAndStopsItsRegistry() throws Exception {
        Path home = ItPaths.home().resolve("restart");
        RealRuntimeExtension.deleteRecursively(home);
        int id;
        long registryPid;
        try (EmbeddedRuntime first = EmbeddedRuntime.start(home)) {
            id = client(first).register("kept-value", SCHEMA);
            registryPid = childJavaPids().iterator().next();
        }
        assertThat(Endpoints.readFrom(home)).as("endpoints file after close").isEmpty();
        assertThat(ProcessHandle.of(registryPid).map(ProcessHandle::isAlive).orElse(false))
                .as("registry process after close").isFalse();

        try (EmbeddedRuntime second = EmbeddedRuntime.start(home)) {
            assertThat(client(second).schemaById(id)).isEqualTo(SCHEMA);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    second.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).containsAll(TopicNames.ALL);
            }
        }
    }

    @Test
    void aSecondRuntimeOnTheSameHomeIsRefusedClearly(EmbeddedRuntime runtime) {
        assertThatThrownBy(() -> EmbeddedRuntime.start(runtime.home()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is in use by another Pedigree embedded runtime");
        // The running one is unharmed.
        assertThat(Endpoints.readFrom(runtime.home())).isPresent();
        assertThat(client(runtime).subjects()).isNotNull();
    }

    private static RestSchemaRegistryClient client(EmbeddedRuntime runtime) {
        return new RestSchemaRegistryClient(new SchemaRegistryConfig(
                Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())));
    }

    /** Registry JVMs started by this test JVM that are not the shared runtime's. */
    private static Set<Long> childJavaPids() {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        return children.stream()
                .filter(child -> child.info().arguments().map(args -> String.join(" ", args)).orElse("")
                        .contains("/restart/registry/"))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
