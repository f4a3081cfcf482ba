package dev.pedigree.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * The one Jackson configuration of Pedigree's answers (the HTTP API through Javalin, the webhooks' bodies, what
 * instances ask each other): records as objects, times as ISO-8601 strings, null fields written.
 */
public final class JacksonJsonMapper implements JsonMapper {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);
    /** Writes answers into the response's stream and leaves it open for Jetty to complete. */
    private static final ObjectWriter ANSWERS = MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /**
     * Sends {@code answer} as the response's JSON body, written straight into the response's stream. Javalin's
     * {@code ctx.json} makes a {@code String} of it, then bytes, then copies them through a new 8 KiB buffer: on the
     * proof route that was over a third of the bytes a request allocated (docs/MEASUREMENTS.md).
     */
    public static void answer(Context ctx, Object answer) {
        ctx.contentType(ContentType.APPLICATION_JSON);
        try {
            ANSWERS.writeValue(ctx.outputStream(), answer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the answer: " + e.getMessage(), e);
        }
    }

    /**
     * A generator of the response's JSON body, for an answer written piece by piece (see {@link LineageJson}): straight
     * into the response's stream, which closing the generator leaves open for Jetty to complete, as {@link #answer}.
     */
    static JsonGenerator responseGenerator(Context ctx) throws IOException {
        ctx.contentType(ContentType.APPLICATION_JSON);
        return ANSWERS.createGenerator(ctx.outputStream());
    }

    @Override
    public String toJsonString(Object object, Type type) {
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T fromJsonString(String json, Type type) {
        try {
            return MAPPER.readValue(json, MAPPER.constructType(type));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "malformed JSON: " + e.getOriginalMessage());
        }
    }
}
