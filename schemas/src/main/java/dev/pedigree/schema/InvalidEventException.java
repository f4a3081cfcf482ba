package dev.pedigree.schema;

/**
 * An event that decodes but breaks a rule of the contract, such as a malformed content hash or a blank id.
 * The message names the offending field by its path, e.g. {@code inputs[2].contentHash}.
 */
public class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    /** The path of the offending field inside the event. */
    public String field() {
        return field;
    }
}
