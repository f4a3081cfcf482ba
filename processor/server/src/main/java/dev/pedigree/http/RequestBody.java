package dev.pedigree.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * The body of an ingestion request as the route reads it: inflated as it is read when it came with
 * {@code Content-Encoding: gzip}, and bounded by {@code pedigree.http.max.body.bytes} counted on the decoded bytes,
 * so a gzip bomb stops at the limit with 413 instead of filling memory. Any other encoding is 415.
 *
 * <p>gzip is decoded by the JDK's {@link GZIPInputStream}, which checks the stream's trailer (its CRC-32 and length):
 * a body cut short, even by only its last bytes, fails the read (400) instead of ending as if it were whole. Jetty's
 * request inflation ({@code GzipHandler}, and the compression module of Jetty 12.1) ends quietly at a truncated
 * stream and checks no CRC.
 */
final class RequestBody {

    private static final int INFLATE_BUFFER_BYTES = 16 * 1024;

    private RequestBody() {
    }

    /** The body as a stream that fails with {@link TooLarge} past {@code limit} decoded bytes. */
    static InputStream open(Context ctx, long limit) {
        boolean gzip = isGzip(ctx);
        long declared = ctx.req().getContentLengthLong();
        if (!gzip && declared > limit) {
            throw tooLarge(limit);
        }
        try {
            InputStream wire = ctx.req().getInputStream();
            InputStream decoded = gzip ? new GzipBody(wire) : wire;
            return BoundedInputStream.builder().setInputStream(decoded).setMaxCount(limit + 1)
                    .setOnMaxCount((max, count) -> {
                        throw new TooLarge(limit);
                    }).get();
        } catch (EOFException e) {
            throw unreadable(new GzipBody.Truncated(e));
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
        if (e instanceof GzipBody.Truncated) {
            return ApiException.badRequest("body", e.getMessage());
        }
        if (e instanceof ZipException) {
            return ApiException.badRequest("body", "the body is not the gzip its Content-Encoding names: "
                    + e.getMessage());
        }
        return ApiException.badRequest("body", "the body could not be read: " + e.getMessage());
    }

    private static ApiException tooLarge(long limit) {
        return ApiException.tooLarge(String.format(Locale.ROOT, "the body is over pedigree.http.max.body.bytes "
                + "(%,d bytes, counted after gzip decoding)", limit));
    }

    /** Whether the body is gzip ({@code gzip} or its old name {@code x-gzip}); 415 for any other encoding. */
    private static boolean isGzip(Context ctx) {
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return false;
        }
        String named = encoding.trim().toLowerCase(Locale.ROOT);
        if (named.equals("gzip") || named.equals("x-gzip")) {
            return true;
        }
        throw ApiException.unsupportedEncoding("Content-Encoding " + Params.abbreviate(encoding.trim())
                + " is not supported: send the body as is or with Content-Encoding: gzip");
    }

    /** A gzip body inflated by the JDK: a stream that ends before its trailer fails with {@link Truncated}. */
    private static final class GzipBody extends GZIPInputStream {

        GzipBody(InputStream wire) throws IOException {
            super(wire, INFLATE_BUFFER_BYTES);
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            try {
                return super.read(into, offset, length);
            } catch (EOFException e) {
                throw new Truncated(e);
            }
        }

        /** The gzip stream ended before its last bytes: the body was cut short on its way. */
        static final class Truncated extends IOException {

            Truncated(EOFException cause) {
                super("the gzip body is truncated: it ends before the end of its gzip stream", cause);
            }
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
