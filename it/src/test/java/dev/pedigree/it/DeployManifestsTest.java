package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pedigree.config.PedigreeConfig;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * deploy/ checked in the build (no cluster, no Docker here): every Kubernetes object parses and has what the
 * StatefulSet needs to route queries, keep state and be probed; the compose file wires two instances to one broker,
 * one registry and Prometheus.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new YAMLMapper();

    @Test
    void kubernetesObjectsAreCompleteAndConsistent() throws Exception {
        Map<String, JsonNode> objects = new HashMap<>();
        List<String> files = new ArrayList<>();
        try (var list = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : list.sorted().toList()) {
                files.add(file.getFileName().toString());
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                for (JsonNode object : documents(file)) {
                    assertThat(object.path("apiVersion").asText()).as(file + " apiVersion").isNotEmpty();
                    assertThat(object.path("metadata").path("name").asText()).as(file + " name").isNotEmpty();
                    objects.put(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText(),
                            object);
                }
            }
        }
        JsonNode kustomization = documents(DEPLOY.resolve("kubernetes/kustomization.yaml")).get(0);
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        assertThat(resources).as("kustomization lists every manifest")
                .containsExactlyInAnyOrderElementsOf(files.stream().filter(f -> !f.equals("kustomization.yaml")).toList());

        JsonNode set = objects.get("StatefulSet/pedigree");
        JsonNode headless = objects.get("Service/" + set.path("spec").path("serviceName").asText());
        assertThat(headless).as("the StatefulSet's governing Service").isNotNull();
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(objects).containsKey("Service/pedigree");
        JsonNode labels = set.path("spec").path("template").path("metadata").path("labels");
        assertThat(set.path("spec").path("selector").path("matchLabels")).isEqualTo(labels);
        assertThat(headless.path("spec").path("selector")).isEqualTo(labels);
        assertThat(objects.get("PodDisruptionBudget/pedigree").path("spec").path("selector").path("matchLabels"))
                .isEqualTo(labels);

        JsonNode container = set.path("spec").path("template").path("spec").path("containers").path(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(env.get("PEDIGREE_HTTP_ADVERTISED_HOST")).as("each pod advertises its stable DNS name")
                .contains("$(POD_NAME)." + headless.path("metadata").path("name").asText());
        assertThat(set.path("spec").path("template").path("spec").path("securityContext").path("runAsNonRoot")
                .asBoolean()).isTrue();

        Properties properties = new Properties();
        properties.load(new StringReader(objects.get("ConfigMap/pedigree").path("data").path("pedigree.properties")
                .asText()));
        Path configFile = Files.createTempFile("pedigree", ".properties");
        try (var out = Files.newBufferedWriter(configFile)) {
            properties.store(out, null);
        }
        PedigreeConfig config = PedigreeConfig.load(configFile, Map.of());
        assertThat(config.kafkaSettings()).containsEntry("num.standby.replicas", "1");
        String stateMount = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(set.path("spec").path("volumeClaimTemplates").path(0)
                    .path("metadata").path("name").asText())) {
                stateMount = mount.path("mountPath").asText();
            }
        }
        assertThat(stateMount).as("the state volume is PEDIGREE_HOME").isEqualTo(config.home().toString());
        assertThat(container.path("args").toString()).contains(container.path("volumeMounts").path(1)
                .path("mountPath").asText());

        long heap = 1L << 30; // JAVA_TOOL_OPTIONS -Xmx1g
        assertThat(env.get("JAVA_TOOL_OPTIONS")).isEqualTo("-Xmx1g");
        long requested = bytes(container.path("resources").path("requests").path("memory").asText());
        assertThat(requested).as("memory request covers the heap and the RocksDB budget")
                .isGreaterThan(heap + config.rocksDbMemoryBytes());
        assertThat(bytes(container.path("resources").path("limits").path("memory").asText()))
                .isGreaterThanOrEqualTo(requested);
    }

    @Test
    void composeRunsTwoRoutedInstancesBesideOneBrokerRegistryAndPrometheus() throws Exception {
        JsonNode compose = documents(DEPLOY.resolve("compose/docker-compose.yml")).get(0);
        JsonNode services = compose.path("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "registry", "pedigree-1", "pedigree-2", "prometheus");
        for (String instance : List.of("pedigree-1", "pedigree-2")) {
            JsonNode env = services.path(instance).path("environment");
            assertThat(env.path("PEDIGREE_HTTP_ADVERTISED_HOST").asText()).isEqualTo(instance);
            assertThat(env.path("PEDIGREE_BOOTSTRAP_SERVERS").asText()).startsWith("kafka:");
            assertThat(env.path("PEDIGREE_SCHEMA_REGISTRY_URL").asText()).startsWith("http://registry:")
                    .endsWith("/apis/ccompat/v7");
            assertThat(services.path(instance).path("ports").toString()).contains("127.0.0.1:");
        }
        JsonNode prometheus = documents(DEPLOY.resolve("compose/prometheus.yml")).get(0);
        assertThat(prometheus.path("scrape_configs").path(0).path("static_configs").path(0).path("targets").toString())
                .contains("pedigree-1:8080").contains("pedigree-2:8080");
        assertThat(prometheus.path("scrape_configs").path(0).path("metrics_path").asText()).isEqualTo("/metrics");
    }

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            var values = YAML.readValues(parser, ObjectNode.class);
            while (values.hasNext()) {
                documents.add(values.next());
            }
        }
        return documents;
    }

    private static long bytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << 30;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << 20;
        }
        return Long.parseLong(quantity);
    }
}
