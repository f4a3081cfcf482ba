package dev.pedigree.schema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API (Confluent, Apicurio's {@code ccompat}, Karapace,
 * Redpanda), built on the JDK's {@link HttpClient} and Jackson.
 *
 * <p>Schemas by id and ids of registered schemas never change, so both are cached for the life of the client.
 * A request that cannot reach the registry, or gets 5xx or 429, is retried with exponential backoff, trying the
 * configured URLs in turn; 4xx answers are final and reported with the registry's own message.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> baseUrls;
    private final String authorization;
    private final Duration timeout;
    private final RetryPolicy<JsonNode> retries;
    private final HttpClient http;

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    public RestSchemaRegistryClient(SchemaRegistryConfig config) {
        this.baseUrls = config.urls().stream().map(RestSchemaRegistryClient::withoutTrailingSlash).toList();
        this.authorization = config.authorizationHeader();
        this.timeout = config.requestTimeout();
        this.retries = retryPolicy(config.retries(), config.retryBackoffMs());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            int id = answer.path("id").asInt(-1);
            requireId(id, "register under " + subject, answer);
            schemasById.putIfAbsent(id, schema);
            log.debug("Registered schema {} under subject {} as id {}", schema.getFullName(), subject, id);
            return id;
        });
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
            int id = answer.path("id").asInt(-1);
            requireId(id, "look up under " + subject, answer);
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException("schema id " + id + " is of type " + type + ", not AVRO", 422, -1);
        }
        Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        return new RegisteredSchema(subject, answer.path("version").asInt(), answer.path("id").asInt(),
                parse(answer.path("schema").asText(), "latest schema of " + subject));
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return true; // a subject with no versions accepts any schema
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        send("PUT", "/config/" + encode(subject), body.toString());
    }

    @Override
    public void setDefaultCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", JSON.createObjectNode().put("compatibility", level.name()).toString());
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        JsonNode answer;
        try {
            answer = send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null);
        } catch (SchemaRegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            answer = send("GET", "/config", null);
        }
        return CompatibilityLevel.valueOf(answer.path("compatibilityLevel").asText("BACKWARD"));
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = send("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        answer.forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    /** Retries on {@link RetriableFailure}s, the backoff doubling from {@code backoffMs} (none when it is 0). */
    private static RetryPolicy<JsonNode> retryPolicy(int retries, long backoffMs) {
        RetryPolicyBuilder<JsonNode> policy = RetryPolicy.<JsonNode>builder().handle(RetriableFailure.class)
                .withMaxRetries(retries)
                .onRetry(retry -> log.warn("Schema registry request failed ({}); retry {} of {}",
                        retry.getLastException().getMessage(), retry.getAttemptCount(), retries));
        if (backoffMs > 0) {
            policy.withBackoff(backoffMs, backoffMs << Math.min(20, Math.max(1, retries)), ChronoUnit.MILLIS);
        }
        return policy.build();
    }

    /** Sends with retries, trying the configured URLs in turn. */
    private JsonNode send(String method, String path, String body) {
        try {
            return Failsafe.with(retries).get(attempt -> sendOnce(
                    baseUrls.get(attempt.getAttemptCount() % baseUrls.size()), method, path, body));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof RetriableFailure failure) {
                throw failure.toException();
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while waiting to retry", interrupted);
            }
            throw new SchemaRegistryException(method + " " + path + " failed: " + e.getMessage(), e);
        }
    }

    private JsonNode sendOnce(String baseUrl, String method, String path, String body) throws RetriableFailure {
        String where = method + " " + baseUrl + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RetriableFailure(where, "cannot reach the schema registry: " + describe(e), e, -1, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(where + " interrupted", e);
        }
        int status = response.statusCode();
        JsonNode answer = parseJson(response.body());
        if (status >= 200 && status < 300) {
            return answer;
        }
        String message = answer.path("message").asText(response.body());
        int errorCode = answer.path("error_code").asInt(status);
        if (status >= 500 || status == 429) {
            throw new RetriableFailure(where, "registry answered " + status + ": " + message, null, status, errorCode);
        }
        throw new SchemaRegistryException(where + " failed with " + status + " (error " + errorCode + "): "
                + message, status, errorCode);
    }

    private static JsonNode parseJson(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body.length() > 200 ? body.substring(0, 200) : body);
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).put("schemaType", "AVRO").toString();
    }

    private static Schema parse(String json, String what) {
        try {
            return new Schema.Parser().parse(json);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("the registry returned an unparseable Avro schema for " + what + ": "
                    + e.getMessage(), 502, -1);
        }
    }

    private static void requireId(int id, String what, JsonNode answer) {
        if (id < 0) {
            throw new SchemaRegistryException("the registry's answer to " + what + " has no id: " + answer, 502, -1);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getClass().getSimpleName();
    }

    /** A failure worth another try: the registry was unreachable or overloaded. */
    private static final class RetriableFailure extends Exception {
        private final String where;
        private final int status;
        private final int errorCode;

        RetriableFailure(String where, String message, Throwable cause, int status, int errorCode) {
            super(message, cause);
            this.where = where;
            this.status = status;
            this.errorCode = errorCode;
        }

        SchemaRegistryException toException() {
            String message = where + " failed: " + getMessage();
            if (status < 0) {
                return new SchemaRegistryException(message, getCause());
            }
            return new SchemaRegistryException(message, status, errorCode);
        }
    }
}
