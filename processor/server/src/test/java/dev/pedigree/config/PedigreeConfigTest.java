package dev.pedigree.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PedigreeConfigTest {

    @TempDir
    Path folder;

    @Test
    void defaultsAreDesignsDefaults() {
        PedigreeConfig config = PedigreeConfig.load(null, Map.of());
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.home()).isEqualTo(Path.of(".pedigree"));
        assertThat(config.alertGraceMs()).isEqualTo(30_000L);
        assertThat(config.apiToken()).isNull();
        assertThat(config.bootstrapServers()).isNull();
    }

    @Test
    void environmentVariablesFollowOneRule() {
        assertThat(PedigreeConfig.environmentVariable(PedigreeConfig.BOOTSTRAP_SERVERS))
                .isEqualTo("PEDIGREE_BOOTSTRAP_SERVERS");
        assertThat(PedigreeConfig.environmentVariable(PedigreeConfig.SCHEMA_REGISTRY_URL))
                .isEqualTo("PEDIGREE_SCHEMA_REGISTRY_URL");
        assertThat(PedigreeConfig.environmentVariable(PedigreeConfig.HTTP_PORT)).isEqualTo("PEDIGREE_HTTP_PORT");
        assertThat(PedigreeConfig.environmentVariable(PedigreeConfig.ALERT_GRACE_MS))
                .isEqualTo("PEDIGREE_ALERT_GRACE_MS");
        assertThat(PedigreeConfig.environmentVariable(PedigreeConfig.API_TOKEN)).isEqualTo("PEDIGREE_API_TOKEN");
        assertThat(PedigreeConfig.environmentVariable(PedigreeConfig.HOME)).isEqualTo("PEDIGREE_HOME");
    }

    @Test
    void environmentWinsOverTheFileAndKafkaSettingsPassThrough() throws IOException {
        Path file = folder.resolve("pedigree.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=file-broker:9092",
                "pedigree.http.port=9000",
                "security.protocol=SSL",
                "num.stream.threads=2"));

        PedigreeConfig config = PedigreeConfig.load(file, Map.of(
                "PEDIGREE_BOOTSTRAP_SERVERS", "env-broker:9092",
                "PEDIGREE_API_TOKEN", "s3cret",
                "PEDIGREE_KAFKA_COMMIT_INTERVAL_MS", "200",
                "PEDIGREE_UNKNOWN_THING", "ignored",
                "PATH", "/usr/bin"));

        assertThat(config.bootstrapServers()).isEqualTo("env-broker:9092");
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.apiToken()).isEqualTo("s3cret");
        assertThat(config.kafkaSettings()).containsOnly(
                Map.entry("security.protocol", "SSL"),
                Map.entry("num.stream.threads", "2"),
                Map.entry("commit.interval.ms", "200"));
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> PedigreeConfig.load(null, Map.of("PEDIGREE_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pedigree.http.port");
        assertThatThrownBy(() -> PedigreeConfig.load(null, Map.of("PEDIGREE_HTTP_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pedigree.http.port");
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = folder.resolve("nope.properties");
        assertThatThrownBy(() -> PedigreeConfig.load(missing, Map.of()))
                .hasMessageContaining("cannot read the configuration file " + missing);
    }
}
