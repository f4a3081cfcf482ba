package dev.pedigree.schema.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the schema registry client and the serde, declared once with their defaults and documentation.
 * The key names are Confluent's, so existing client configuration carries over.
 */
public final class SchemaRegistryConfig extends AbstractConfig {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String RETRIES = "schema.registry.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    /** URLs with this scheme name an in-memory registry shared by everything in the JVM using the same scope. */
    public static final String MOCK_SCHEME = "mock://";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Comma-separated base URLs of a Confluent-compatible schema registry (for Apicurio: "
                            + "http://host:port/apis/ccompat/v7), tried in order; mock://SCOPE for an in-memory "
                            + "registry in tests.")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "'user:password' for HTTP basic authentication to the registry.")
            .define(BEARER_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "A bearer token for the registry; used when no basic-auth user info is set.")
            .define(REQUEST_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Connect and response timeout of one registry request, in milliseconds.")
            .define(RETRIES, Type.INT, 3, Range.atLeast(0), Importance.LOW,
                    "How many times a request is retried when the registry cannot be reached or answers 5xx/429.")
            .define(RETRY_BACKOFF_MS, Type.LONG, 200L, Range.atLeast(0), Importance.LOW,
                    "Backoff before the first retry, doubled for each further retry.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Whether the serializer registers its schema; when false it only looks up the schema's id.");

    public SchemaRegistryConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
    }

    /** The declared settings, for documentation and for validating other configurations. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public List<String> urls() {
        return getList(URL);
    }

    /** The value of an {@code Authorization} header, or null for none. */
    public String authorizationHeader() {
        Password userInfo = getPassword(BASIC_AUTH_USER_INFO);
        if (userInfo != null && !userInfo.value().isEmpty()) {
            return "Basic " + Base64.getEncoder()
                    .encodeToString(userInfo.value().getBytes(StandardCharsets.UTF_8));
        }
        Password token = getPassword(BEARER_AUTH_TOKEN);
        if (token != null && !token.value().isEmpty()) {
            return "Bearer " + token.value();
        }
        return null;
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS));
    }

    public int retries() {
        return getInt(RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }
}
