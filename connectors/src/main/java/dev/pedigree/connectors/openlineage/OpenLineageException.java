package dev.pedigree.connectors.openlineage;

/** An OpenLineage event that cannot be translated; {@link #path()} is the JSON path of the problem. */
public final class OpenLineageException extends RuntimeException {

    private final String path;

    public OpenLineageException(String path, String problem) {
        super(path + " " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
