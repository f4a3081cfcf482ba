package dev.pedigree.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a scripted HTTP server on 127.0.0.1: what it sends, how it retries, what it reports. */
class RestSchemaRegistryClientTest {

    private static final Schema USER = SchemaBuilder.record("User").fields().requiredString("id").endRecord();

    private HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final Deque<int[]> scriptedStatuses = new ArrayDeque<>();
    private final Map<String, String> answers = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI() + (body.isEmpty() ? "" : " " + body);
        requests.add(request);
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        int status = 200;
        String answer;
        synchronized (scriptedStatuses) {
            if (!scriptedStatuses.isEmpty()) {
                status = scriptedStatuses.pop()[0];
            }
        }
        if (status != 200) {
            answer = "{\"error_code\":" + (status == 404 ? 40403 : status) + ",\"message\":\"scripted " + status + "\"}";
        } else {
            answer = answers.entrySet().stream()
                    .filter(e -> request.startsWith(e.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse("{}");
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/";
    }

    private RestSchemaRegistryClient client(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(SchemaRegistryConfig.URL, url(),
                SchemaRegistryConfig.RETRY_BACKOFF_MS, "1"));
        config.putAll(extra);
        return new RestSchemaRegistryClient(new SchemaRegistryConfig(config));
    }

    private void script(int... statuses) {
        for (int status : statuses) {
            scriptedStatuses.add(new int[] {status});
        }
    }

    @Test
    void registersUnderTheSubjectAndCachesTheId() {
        answers.put("POST /apis/ccompat/v7/subjects/users-value/versions", "{\"id\":7}");
        RestSchemaRegistryClient client = client(Map.of());

        assertThat(client.register("users-value", USER)).isEqualTo(7);
        assertThat(client.register("users-value", USER)).isEqualTo(7);
        assertThat(client.schemaById(7)).isEqualTo(USER);

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).contains("\"schema\":").contains("\\\"name\\\":\\\"User\\\"");
    }

    @Test
    void fetchesASchemaByIdOnceThenFromTheCache() {
        answers.put("GET /apis/ccompat/v7/schemas/ids/3",
                "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(USER.toString()) + "}");
        RestSchemaRegistryClient client = client(Map.of());
        assertThat(client.schemaById(3)).isEqualTo(USER);
        assertThat(client.schemaById(3)).isEqualTo(USER);
        assertThat(requests).containsExactly("GET /apis/ccompat/v7/schemas/ids/3");
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        script(503, 500);
        answers.put("POST /apis/ccompat/v7/subjects/users-value/versions", "{\"id\":1}");
        assertThat(client(Map.of()).register("users-value", USER)).isEqualTo(1);
        assertThat(requests).hasSize(3);
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithTheRegistrysMessage() {
        script(503, 503, 503);
        assertThatThrownBy(() -> client(Map.of(SchemaRegistryConfig.RETRIES, "2")).schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("GET " + url().replaceAll("/$", "") + "/schemas/ids/1")
                            .contains("scripted 503");
                });
        assertThat(requests).hasSize(3);
    }

    @Test
    void clientErrorsAreFinalAndCarryTheErrorCode() {
        script(404);
        assertThatThrownBy(() -> client(Map.of()).schemaById(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                });
        assertThat(requests).hasSize(1);
    }

    @Test
    void sendsBasicAuthOrABearerToken() {
        answers.put("GET /apis/ccompat/v7/subjects", "[\"a-value\"]");
        assertThat(client(Map.of(SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "alice:secret")).subjects())
                .containsExactly("a-value");
        client(Map.of(SchemaRegistryConfig.BEARER_AUTH_TOKEN, "t0k3n")).subjects();
        assertThat(authorizations).containsExactly("Basic YWxpY2U6c2VjcmV0", "Bearer t0k3n");
    }

    @Test
    void unreachableRegistryIsAClearError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(new SchemaRegistryConfig(Map.of(
                SchemaRegistryConfig.URL, "http://127.0.0.1:" + closedPort,
                SchemaRegistryConfig.RETRIES, "1", SchemaRegistryConfig.RETRY_BACKOFF_MS, "1")));
        assertThatThrownBy(() -> client.subjects())
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("GET http://127.0.0.1:" + closedPort + "/subjects")
                .hasMessageContaining("cannot reach the schema registry");
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        answers.put("GET /apis/ccompat/v7/subjects", "[]");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(new SchemaRegistryConfig(Map.of(
                SchemaRegistryConfig.URL, "http://127.0.0.1:" + closedPort + "," + url(),
                SchemaRegistryConfig.RETRY_BACKOFF_MS, "1")));
        assertThat(client.subjects()).isEmpty();
    }

    @Test
    void compatibilityOfANewSubjectIsTrueAndRulesAreSent() {
        script(404);
        RestSchemaRegistryClient client = client(Map.of());
        assertThat(client.isCompatible("new-value", USER)).isTrue();
        client.setCompatibility("new-value", CompatibilityLevel.FULL);
        assertThat(requests.get(1)).isEqualTo("PUT /apis/ccompat/v7/config/new-value {\"compatibility\":\"FULL\"}");
    }
}
