package dev.pedigree.audit;

/**
 * The name of one audit log, its checkpoints' origin line: {@code <application.id>/<topic>/<partition>}. Pedigree
 * keeps one log per input partition, so the logs grow with the partitions and each is appended by the one task that
 * reads its partition, in offset order.
 */
public record LogOrigin(String applicationId, String topic, int partition) {

    public LogOrigin {
        if (applicationId.isEmpty() || applicationId.contains("/") || topic.isEmpty() || topic.contains("/")
                || partition < 0) {
            throw new IllegalArgumentException("a log origin is <application.id>/<topic>/<partition>");
        }
    }

    /**
     * Parses {@code <application.id>/<topic>/<partition>}.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static LogOrigin parse(String origin) {
        String[] parts = origin.split("/", -1);
        if (parts.length != 3 || !parts[2].matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("a log is named <application.id>/<topic>/<partition>, got '" + origin
                    + "'");
        }
        return new LogOrigin(parts[0], parts[1], Integer.parseInt(parts[2]));
    }

    @Override
    public String toString() {
        return applicationId + "/" + topic + "/" + partition;
    }
}
