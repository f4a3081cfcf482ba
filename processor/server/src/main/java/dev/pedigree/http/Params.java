package dev.pedigree.http;

import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.schema.ContentHash;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses query parameters, answering 400 with the parameter's name for anything malformed. */
final class Params {

    private static final int MAX_PARAMETER_LENGTH = NodeIds.MAX_LENGTH;

    private Params() {
    }

    /** A required node id, canonicalized. */
    static String node(Context ctx) {
        String value = required(ctx, "node");
        try {
            return NodeIds.canonical(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("node", "node: " + e.getMessage());
        }
    }

    static Direction direction(Context ctx) {
        String value = ctx.queryParam("direction");
        if (value == null || value.isEmpty()) {
            return Direction.BOTH;
        }
        try {
            return Direction.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("direction", "direction must be upstream, downstream or both, got '"
                    + abbreviate(value) + "'");
        }
    }

    /** {@code view} of a lineage answer: {@code full} (the default) or {@code nodes}. */
    static LineageJson.View view(Context ctx) {
        String value = ctx.queryParam("view");
        if (value == null || value.isEmpty()) {
            return LineageJson.View.FULL;
        }
        try {
            return LineageJson.View.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("view", "view must be full or nodes, got '" + abbreviate(value) + "'");
        }
    }

    static int depth(Context ctx, int max) {
        String value = ctx.queryParam("depth");
        if (value == null || value.isEmpty()) {
            return max;
        }
        int depth;
        try {
            depth = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("depth", "depth must be a whole number from 0 to " + max + ", got '"
                    + abbreviate(value) + "'");
        }
        if (depth < 0 || depth > max) {
            throw ApiException.badRequest("depth", "depth must be from 0 to " + max + ", got " + depth);
        }
        return depth;
    }

    /** {@code asOf} (or {@code since}) as epoch millis or ISO-8601; "now" (everything) when absent. */
    static long time(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return GraphReader.LATEST;
        }
        if (value.length() > 64) {
            throw ApiException.badRequest(name, name + " is too long to be a time");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(name, name + " must be epoch milliseconds or ISO-8601 "
                        + "(2026-11-24T10:15:30Z), got '" + abbreviate(value) + "'");
            }
        }
    }

    static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(name, name + " is required");
        }
        if (value.length() > MAX_PARAMETER_LENGTH) {
            throw ApiException.badRequest(name, name + " has at most " + MAX_PARAMETER_LENGTH + " characters");
        }
        return value;
    }

    /** A path segment, decoded by the server, checked for length. */
    static String path(Context ctx, String name) {
        String value = ctx.pathParam(name);
        if (value.isEmpty() || value.length() > MAX_PARAMETER_LENGTH) {
            throw ApiException.badRequest(name, name + " must have 1 to " + MAX_PARAMETER_LENGTH + " characters");
        }
        return value;
    }

    /** {@code value} when it is a content hash ({@code sha256:} and 64 lowercase hex digits); 400 otherwise. */
    static String contentHash(String value, String name) {
        if (!ContentHash.isValid(value)) {
            throw ApiException.badRequest(name, name + " must be 'sha256:' and 64 lowercase hex digits, got '"
                    + abbreviate(value) + "'");
        }
        return value;
    }

    /** A required whole number of at least 1. */
    static long positiveLong(Context ctx, String name) {
        String value = required(ctx, name);
        try {
            long number = Long.parseLong(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw ApiException.badRequest(name, name + " must be a whole number of at least 1, got '" + abbreviate(value)
                + "'");
    }

    /** {@code NAME:VERSION}, split at the last colon. */
    static String[] modelVersion(Context ctx, String name) {
        String value = required(ctx, name);
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw ApiException.badRequest(name, name + " must be NAME:VERSION, got '" + abbreviate(value) + "'");
        }
        return new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }

    static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
