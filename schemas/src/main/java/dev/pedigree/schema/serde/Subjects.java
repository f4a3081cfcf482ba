package dev.pedigree.schema.serde;

/** The TopicNameStrategy: a topic's keys and values are registered under {@code <topic>-key} / {@code -value}. */
public final class Subjects {

    private Subjects() {
    }

    public static String of(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
