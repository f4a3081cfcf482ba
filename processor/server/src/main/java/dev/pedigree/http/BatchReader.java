package dev.pedigree.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The events of a batch body, read one at a time, so that a batch of any size never sits whole in memory: a JSON
 * array (the body starts with {@code [}), or NDJSON (one JSON value per line; blank lines are skipped and not
 * counted). Event {@code i} is the i-th element or non-blank line, from 0.
 *
 * <p>A malformed NDJSON line is reported alone and the next lines are read. A JSON array cannot be read past a
 * syntax error: the element there is reported, and reading stops.
 *
 * <p>NDJSON lines are split on their bytes and handed out unparsed ({@link Item#parsed()}), so that the threads
 * that translate a batch also parse it; they are parsed from the bytes, never decoded into a {@code String} first.
 */
final class BatchReader implements Closeable {

    /**
     * One event of the batch: its JSON, or why it could not be read as JSON, or (NDJSON) the bytes of its line, which
     * {@link #parsed()} reads on whichever thread calls it.
     */
    record Item(int index, JsonNode event, byte[] line, String error) {

        static Item of(int index, JsonNode event) {
            return new Item(index, event, null, null);
        }

        static Item unreadable(int index, String error) {
            return new Item(index, null, null, error);
        }

        /** This item with its line read as JSON (or refused as not JSON); itself when it has no line. */
        Item parsed() {
            if (line == null) {
                return this;
            }
            try {
                return of(index, JacksonJsonMapper.MAPPER.readTree(line));
            } catch (JsonProcessingException e) {
                return unreadable(index, "not JSON: " + firstLine(e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final PushbackInputStream body;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    /** The NDJSON line being read, {@code lineLength} bytes of it. */
    private byte[] line = new byte[1024];
    private int lineLength;
    private JsonParser array;
    private boolean lines;
    private boolean ended;
    private int index;

    BatchReader(InputStream body) {
        this.body = new PushbackInputStream(body, 1);
    }

    /** The next event, or null after the last. */
    Item next() throws IOException {
        if (ended) {
            return null;
        }
        if (array == null && !lines) {
            start();
            if (ended) {
                return null;
            }
        }
        return array != null ? nextElement() : nextLine();
    }

    private void start() throws IOException {
        int first = body.read();
        while (first != -1 && Character.isWhitespace(first)) {
            first = body.read();
        }
        if (first == -1) {
            ended = true;
            return;
        }
        body.unread(first);
        if (first == '[') {
            array = JacksonJsonMapper.MAPPER.createParser(body);
            array.nextToken();
        } else {
            lines = true;
        }
    }

    private Item nextElement() throws IOException {
        int at = index++;
        try {
            JsonToken token = array.nextToken();
            if (token == JsonToken.END_ARRAY) {
                ended = true;
                index--;
                if (array.nextToken() != null) {
                    return Item.unreadable(at, "text after the end of the array");
                }
                return null;
            }
            if (token == null) {
                ended = true;
                return Item.unreadable(at, "the array ends without its closing ]");
            }
            return Item.of(at, JacksonJsonMapper.MAPPER.readTree(array));
        } catch (JsonProcessingException e) {
            ended = true;
            return Item.unreadable(at, "not JSON (the rest of the array cannot be read): " + firstLine(e));
        }
    }

    private Item nextLine() throws IOException {
        boolean read = readLine();
        while (read && blank()) {
            read = readLine();
        }
        if (!read) {
            ended = true;
            return null;
        }
        return new Item(index++, null, Arrays.copyOf(line, lineLength), null);
    }

    /** Reads the next line, without its {@code \n}, into {@link #line}; false at the end of the body. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                int count = body.read(buffer, 0, buffer.length);
                if (count <= 0) {
                    return any;
                }
                position = 0;
                limit = count;
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            append(end - position);
            boolean complete = end < limit;
            position = complete ? end + 1 : end;
            if (complete) {
                return true;
            }
        }
    }

    private void append(int count) {
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(buffer, position, line, lineLength, count);
        lineLength += count;
    }

    /** Only spaces, tabs and carriage returns (JSON's whitespace besides the newline). */
    private boolean blank() {
        for (int i = 0; i < lineLength; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Jackson's message without where its input came from (a request body, not a file). */
    private static String firstLine(JsonProcessingException e) {
        String message = e.getOriginalMessage().lines().findFirst().orElse("");
        int source = message.indexOf(" (start marker at [Source");
        return source < 0 ? message : message.substring(0, source);
    }

    @Override
    public void close() throws IOException {
        if (array != null) {
            array.close();
        }
        body.close();
    }
}
