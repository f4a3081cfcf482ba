package dev.pedigree.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.runtime.Endpoints;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionsTest {

    @TempDir
    Path home;

    private PedigreeConfig config(Map<String, String> env) {
        Map<String, String> withHome = new java.util.HashMap<>(env);
        withHome.put("PEDIGREE_HOME", home.toString());
        return PedigreeConfig.load(null, withHome);
    }

    @Test
    void explicitSettingsWin() {
        new Endpoints("127.0.0.1:1", "http://127.0.0.1:2", null, ProcessHandle.current().pid()).writeTo(home);
        Connections connections = Connections.resolve(config(Map.of(
                "PEDIGREE_BOOTSTRAP_SERVERS", "kafka:9092", "PEDIGREE_SCHEMA_REGISTRY_URL", "http://registry:8081")));
        assertThat(connections).isEqualTo(new Connections("kafka:9092", "http://registry:8081", "configuration"));
    }

    @Test
    void aRunningEmbeddedRuntimesEndpointsAreUsed() {
        new Endpoints("127.0.0.1:1", "http://127.0.0.1:2/apis/ccompat/v7", "http://127.0.0.1:3",
                ProcessHandle.current().pid()).writeTo(home);
        Connections connections = Connections.resolve(config(Map.of()));
        assertThat(connections.bootstrapServers()).isEqualTo("127.0.0.1:1");
        assertThat(connections.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:2/apis/ccompat/v7");
        assertThat(connections.source()).contains(Endpoints.FILE_NAME);
    }

    @Test
    void endpointsOfADeadRuntimeAreIgnoredAndTheErrorSaysWhatToDo() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        new Endpoints("127.0.0.1:1", "http://127.0.0.1:2", null, finished.pid()).writeTo(home);

        assertThat(Endpoints.readFrom(home)).isEmpty();
        assertThatThrownBy(() -> Connections.resolve(config(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PEDIGREE_BOOTSTRAP_SERVERS")
                .hasMessageContaining("./pedigree serve --embedded");
    }

    @Test
    void endpointsRoundTripThroughTheFile() {
        Endpoints written = new Endpoints("127.0.0.1:9", "http://127.0.0.1:8/apis/ccompat/v7", "http://127.0.0.1:7",
                ProcessHandle.current().pid());
        written.writeTo(home);
        assertThat(Endpoints.readFrom(home)).contains(written);
        Endpoints.deleteFrom(home);
        assertThat(Endpoints.readFrom(home)).isEmpty();
    }
}
