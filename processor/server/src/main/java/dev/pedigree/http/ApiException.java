package dev.pedigree.http;

/** A request the API answers with an error status and a JSON body {@code {"error", "message", "parameter"}}. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String parameter;

    private ApiException(int status, String message, String parameter) {
        super(message);
        this.status = status;
        this.parameter = parameter;
    }

    public static ApiException badRequest(String parameter, String message) {
        return new ApiException(400, message, parameter);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "missing or wrong bearer token", null);
    }

    /** A body over {@code pedigree.http.max.body.bytes}. */
    public static ApiException tooLarge(String message) {
        return new ApiException(413, message, "body");
    }

    /** A {@code Content-Encoding} the server does not decode. */
    public static ApiException unsupportedEncoding(String message) {
        return new ApiException(415, message, "Content-Encoding");
    }

    /** The data is moving (restore or rebalance): ask again shortly. */
    public static ApiException notReady(String message) {
        return new ApiException(503, message, null);
    }

    public int status() {
        return status;
    }

    /** The offending parameter, or null. */
    public String parameter() {
        return parameter;
    }
}
