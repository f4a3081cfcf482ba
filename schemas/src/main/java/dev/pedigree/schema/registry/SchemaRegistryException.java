package dev.pedigree.schema.registry;

/**
 * A request to the schema registry failed. Carries the HTTP status and the registry's own error code
 * (e.g. 40403 "schema not found", 409 "incompatible schema") when the registry answered; both are -1 when it
 * could not be reached.
 */
public class SchemaRegistryException extends RuntimeException {

    /** The registry's error code for "subject not found". */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** The registry's error code for "schema not found". */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    /** The HTTP status the registry answered with, or -1 when it did not answer. */
    public int status() {
        return status;
    }

    /** The registry's error code, or -1. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the registry said the subject or schema does not exist. */
    public boolean isNotFound() {
        return status == 404;
    }

    /** Whether the registry refused a schema as incompatible with the subject's history. */
    public boolean isIncompatible() {
        return status == 409;
    }
}
