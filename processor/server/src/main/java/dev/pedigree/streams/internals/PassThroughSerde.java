package dev.pedigree.streams.internals;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The serdes of a global store that its updater feeds from a topic: a value stored as it was read is stored as the
 * bytes it was read from, and a value stored under several keys is encoded once. Each thread remembers the last
 * value that its source decoded or its store encoded, by identity (a value the updater merged anew is a new object,
 * encoded anew). Reads of the store, from any thread, decode as {@link InternalSerde} does and remember nothing.
 */
public final class PassThroughSerde<T extends SpecificRecord> {

    private final InternalSerde<T> serde;
    private final ThreadLocal<Remembered<T>> last = ThreadLocal.withInitial(Remembered::new);

    public PassThroughSerde(InternalSerde<T> serde) {
        this.serde = serde;
    }

    /** For the topic's source: decodes, and remembers the value with the bytes it came from. */
    public Serde<T> source() {
        return Serdes.serdeFrom(serde.serializer(), (topic, bytes) -> {
            T value = serde.fromBytes(bytes);
            last.get().set(value, bytes);
            return value;
        });
    }

    /** For the store: encodes a value unless it is the one last decoded or encoded on this thread. */
    public Serde<T> store() {
        return Serdes.serdeFrom((topic, value) -> {
            Remembered<T> remembered = last.get();
            if (value != null && value == remembered.value) {
                return remembered.bytes;
            }
            byte[] bytes = serde.toBytes(value);
            remembered.set(value, bytes);
            return bytes;
        }, serde.deserializer());
    }

    /** One thread's last value and its bytes. */
    private static final class Remembered<T> {
        private T value;
        private byte[] bytes;

        void set(T value, byte[] bytes) {
            this.value = value;
            this.bytes = bytes;
        }
    }
}
