package dev.pedigree.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * The body of an ingestion request as the route reads it: already inflated when it came with
 * {@code Content-Encoding: gzip} (Jetty's {@code GzipHandler}, installed by {@link HttpApi}, does that), and bounded
 * by {@code pedigree.http.max.body.bytes} counted on the decoded bytes, so a gzip bomb stops at the limit with 413
 * instead of filling memory. Any other encoding is 415.
 */
final class RequestBody {

    private RequestBody() {
    }

    /** The body as a stream that fails with {@link TooLarge} past {@code limit} decoded bytes. */
    static InputStream open(Context ctx, long limit) {
        requireSupportedEncoding(ctx);
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try {
            return BoundedInputStream.builder().setInputStream(ctx.req().getInputStream()).setMaxCount(limit + 1)
                    .setOnMaxCount((max, count) -> {
                        throw new TooLarge(limit);
                    }).get();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The whole body, for routes that take one event. */
    static byte[] bytes(Context ctx, long limit) {
        try (InputStream in = open(ctx, limit)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * What a failed read of the body means for the client: over the limit (413), or a body that ends early or is
     * not the gzip it says it is (400). A {@link JsonProcessingException} is not this: the caller says what was
     * wrong with the JSON.
     */
    static ApiException unreadable(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLarge tooLarge) {
                return tooLarge(tooLarge.limit);
            }
        }
        return ApiException.badRequest("body", "the body could not be read (a truncated or corrupt gzip stream?): "
                + e.getMessage());
    }

    private static ApiException tooLarge(long limit) {
        return ApiException.tooLarge(String.format(Locale.ROOT, "the body is over pedigree.http.max.body.bytes "
                + "(%,d bytes, counted after gzip decoding)", limit));
    }

    /** Jetty has inflated gzip and removed its header: an encoding still named is one Pedigree does not decode. */
    private static void requireSupportedEncoding(Context ctx) {
        String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw ApiException.unsupportedEncoding("Content-Encoding " + Params.abbreviate(encoding.trim())
                    + " is not supported: send the body as is or with Content-Encoding: gzip");
        }
    }

    /** Thrown by the bounded stream when the decoded body passes the limit. */
    static final class TooLarge extends IOException {

        private final long limit;

        TooLarge(long limit) {
            super("body over " + limit + " bytes");
            this.limit = limit;
        }
    }
}
