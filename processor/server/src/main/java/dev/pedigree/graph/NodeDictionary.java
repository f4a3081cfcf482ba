package dev.pedigree.graph;

import dev.pedigree.graph.store.NodeKind;
import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * The graph index's node ids, numbered in the order they arrive, kept as bytes in pages instead of a {@code String}
 * each (which cost more than the id's characters: two object headers, a reference, and the map's entry).
 *
 * <p>An id is stored as its length, a kind byte, then its characters one byte each, without the kind's name (the
 * {@code datasetVersion:} of a dataset version: the byte says it), and with every run of {@value #MIN_HEX_RUN} or more
 * lowercase hexadecimal digits packed two digits a byte behind a length byte with the high bit set (a content hash's
 * 64 digits take 33 bytes). Node ids are ASCII (their parts are percent-encoded), so no character byte has the high
 * bit set; an id that is not ASCII is kept whole in UTF-8, said by its kind byte. Ids are found through an
 * open-addressing table of node numbers, hashed as {@link String#hashCode} of the id, so a lookup hashes nothing the
 * caller's {@code String} has not cached already.
 *
 * <p>One writer, under the index's write lock; readers under its read lock, or after it through a {@link View},
 * which sees the ids numbered before it was made: pages are only appended to.
 */
final class NodeDictionary {

    /** Hexadecimal runs at least this long are packed (a run of 8 digits takes 5 bytes instead of 8). */
    static final int MIN_HEX_RUN = 8;
    private static final int MAX_PACKED_BYTES = 0x7f;
    private static final int PACKED = 0x80;
    private static final int KIND_MASK = 0x0f;
    /** In the kind byte: the id's kind name was not stripped (the id does not start with it). */
    private static final int WHOLE = 0x10;
    /** In the kind byte: the id is not ASCII and follows in UTF-8, unpacked. */
    private static final int UTF8 = 0x20;
    private static final NodeKind[] KINDS = NodeKind.values();
    private static final String[] PREFIXES = Arrays.stream(KINDS).map(NodeIds::prefix).toArray(String[]::new);
    private static final byte[][] PREFIX_BYTES = Arrays.stream(PREFIXES)
            .map(prefix -> prefix.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_PREFIX = new byte[0];
    private static final float MAX_LOAD = 0.75f;
    private static final int UNDECIDED = Integer.MIN_VALUE;
    /** Ids are written in pages of this many bytes (an id longer than a page gets one of its own). */
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE = 1 << PAGE_SHIFT;
    /**
     * Ids start at even places, so that an {@code int} says where any id starts in 8 GiB of pages: its page in the
     * high 17 bits, its place in the page, halved, in the low 15.
     */
    private static final int PLACE_BITS = PAGE_SHIFT - 1;
    private static final int MAX_PAGES = 1 << (Integer.SIZE - PLACE_BITS);

    private byte[][] pages = new byte[0][];
    /** The bytes written in the last page. */
    private int written = PAGE;
    private long length;
    /** Where each id starts: its page, and its place in the page. There it has its length, then its bytes. */
    private final IntPages starts = new IntPages();
    private int size;
    /** The writer's id being looked up, then copied to a page if new. */
    private final Encoded writing = new Encoded();
    /** Node number + 1 in each slot, 0 when empty. */
    private int[] table = new int[1 << 8];

    /** The number of ids. */
    int size() {
        return size;
    }

    /** The number of {@code id}, or -1 if it has none; for readers (the writer's {@link #number}). */
    int find(String id) {
        return find(id.hashCode(), new Encoded().of(id, null));
    }

    /**
     * The number of {@code id}, numbering it if it has none as a node of {@code kind} (null: the kind its id names,
     * {@link NodeIds#kindOf}); for the writer. Whether it was new: the size grew.
     */
    int number(String id, NodeKind kind) {
        int found = find(id.hashCode(), writing.of(id, kind));
        if (found != -1) {
            return found;
        }
        if (kind == null) {
            writing.of(id, NodeIds.kindOf(id));
        }
        int number = size;
        starts.set(number, write(writing));
        size++;
        if (size > table.length * MAX_LOAD) {
            rehash(table.length * 2);
        } else {
            place(number, id.hashCode());
        }
        return number;
    }

    private int find(int hash, Encoded id) {
        int mask = table.length - 1;
        View view = view();
        for (int slot = HashCommon.mix(hash) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int number = table[slot] - 1;
            if (view.is(number, id)) {
                return number;
            }
        }
        return -1;
    }

    /** The ids numbered so far, as they are now, for reading without the index's lock. */
    View view() {
        return new View(pages, starts.pages());
    }

    /** The bytes the ids take (their lengths, kind bytes and characters, hex packed). */
    long bytes() {
        return length;
    }

    private void place(int number, int hash) {
        int mask = table.length - 1;
        int slot = HashCommon.mix(hash) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = number + 1;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        View view = view();
        for (int number = 0; number < size; number++) {
            place(number, view.hash(number));
        }
    }

    /** Copies an id's bytes to a page, after their length (a varint); where they start. */
    private int write(Encoded id) {
        int encodedLength = id.length;
        int needed = lengthBytes(encodedLength) + encodedLength;
        written += written & 1;
        if (pages.length == 0 || written + needed > pages[pages.length - 1].length) {
            newPage(needed);
        }
        byte[] page = pages[pages.length - 1];
        int start = written;
        for (int rest = encodedLength; ; rest >>>= 7) {
            if (rest < 0x80) {
                page[written++] = (byte) rest;
                break;
            }
            page[written++] = (byte) (rest & 0x7f | 0x80);
        }
        System.arraycopy(id.bytes, 0, page, written, encodedLength);
        written += encodedLength;
        length += needed;
        return (pages.length - 1) << PLACE_BITS | start >>> 1;
    }

    private void newPage(int needed) {
        if (pages.length == MAX_PAGES) {
            long gib = (long) MAX_PAGES << PAGE_SHIFT >> 30;
            throw new IllegalStateException("the graph index's node ids passed " + gib + " GiB (" + size
                    + " nodes): more than one instance can index; see docs/SCALING.md");
        }
        pages = Arrays.copyOf(pages, pages.length + 1);
        pages[pages.length - 1] = new byte[Math.max(PAGE, needed)];
        written = 0;
    }

    /** The bytes of a varint length. */
    private static int lengthBytes(int length) {
        return length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x200000 ? 3 : 4;
    }

    /** The varint length at {@code at}. */
    private static int lengthAt(byte[] page, int at) {
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = page[at++];
            length |= (b & 0x7f) << shift;
            if (b >= 0) {
                return length;
            }
        }
    }

    /** Where in its page an id starts, from where {@link #write} said it starts. */
    private static int placeIn(int start) {
        return (start & ((1 << PLACE_BITS) - 1)) << 1;
    }

    private static boolean ascii(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The number of lowercase hexadecimal digits from {@code from}. */
    private static int hexRun(String id, int from) {
        int i = from;
        while (i < id.length() && hexDigit(id.charAt(i))) {
            i++;
        }
        return i - from;
    }

    private static boolean hexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /**
     * An id as the dictionary keeps it: a kind byte, then its characters, hex packed. The kind's name is left out when
     * the id starts with it ({@code run:…} as the kind byte of a run, then the rest).
     */
    static final class Encoded {

        private byte[] bytes = new byte[128];
        private int length;

        /** Makes the bytes of {@code id}, a node of {@code kind} (null when looking up: the kind its id names). */
        Encoded of(String id, NodeKind kind) {
            length = 0;
            if (!ascii(id)) {
                byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
                reserve(1 + utf8.length);
                bytes[length++] = (byte) (UTF8 | WHOLE | (kind == null ? 0 : kind.ordinal()));
                System.arraycopy(utf8, 0, bytes, length, utf8.length);
                length += utf8.length;
                return this;
            }
            int named = prefixKind(id);
            boolean stripped = named >= 0 && (kind == null || kind.ordinal() == named);
            int i = stripped ? PREFIXES[named].length() : 0;
            reserve(1 + id.length() - i);
            bytes[length++] = (byte) (stripped ? named : WHOLE | (kind == null ? 0 : kind.ordinal()));
            while (i < id.length()) {
                int run = hexRun(id, i);
                if (run >= MIN_HEX_RUN) {
                    int packed = Math.min(run / 2, MAX_PACKED_BYTES);
                    bytes[length++] = (byte) (PACKED | packed);
                    for (int k = 0; k < packed; k++, i += 2) {
                        bytes[length++] = (byte) (Character.digit(id.charAt(i), 16) << 4
                                | Character.digit(id.charAt(i + 1), 16));
                    }
                } else {
                    for (int end = i + Math.max(run, 1); i < end; i++) {
                        bytes[length++] = (byte) id.charAt(i);
                    }
                }
            }
            return this;
        }

        private void reserve(int needed) {
            if (needed > bytes.length) {
                bytes = new byte[Math.max(needed, 2 * bytes.length)];
            }
        }

        /** The kind whose name the id starts with, or -1. */
        private static int prefixKind(String id) {
            int colon = id.indexOf(':');
            for (int kind = 0; colon > 0 && kind < PREFIXES.length; kind++) {
                if (PREFIXES[kind].length() == colon + 1 && id.startsWith(PREFIXES[kind])) {
                    return kind;
                }
            }
            return -1;
        }
    }

    /** The ids numbered when it was made. */
    static final class View {

        private final byte[][] pages;
        private final int[][] starts;

        private View(byte[][] pages, int[][] starts) {
            this.pages = pages;
            this.starts = starts;
        }

        NodeKind kind(int number) {
            Cursor cursor = new Cursor(this).at(number);
            return KINDS[cursor.kind & KIND_MASK];
        }

        String id(int number) {
            int start = IntPages.get(starts, number);
            byte[] page = pages[start >>> PLACE_BITS];
            int at = placeIn(start);
            int length = lengthAt(page, at);
            at += lengthBytes(length);
            int end = at + length;
            int kind = page[at++];
            if ((kind & UTF8) != 0) {
                return new String(page, at, end - at, StandardCharsets.UTF_8);
            }
            byte[] prefix = (kind & WHOLE) != 0 ? NO_PREFIX : PREFIX_BYTES[kind & KIND_MASK];
            byte[] chars = new byte[prefix.length + 2 * (end - at)];
            System.arraycopy(prefix, 0, chars, 0, prefix.length);
            int n = prefix.length;
            while (at < end) {
                int b = page[at++];
                if (b >= 0) {
                    chars[n++] = (byte) b;
                    continue;
                }
                for (int packed = b & MAX_PACKED_BYTES; packed > 0; packed--) {
                    int digits = page[at++];
                    chars[n++] = HEX_DIGITS[(digits >> 4) & 0x0f];
                    chars[n++] = HEX_DIGITS[digits & 0x0f];
                }
            }
            return new String(chars, 0, n, StandardCharsets.ISO_8859_1);
        }

        /** The id's {@link String#hashCode}. */
        int hash(int number) {
            return id(number).hashCode();
        }

        /** Whether the id of {@code number} is {@code id}: the same characters, whichever way each is kept. */
        boolean is(int number, Encoded id) {
            int start = IntPages.get(starts, number);
            byte[] page = pages[start >>> PLACE_BITS];
            int at = placeIn(start);
            int length = lengthAt(page, at);
            at += lengthBytes(length);
            int kind = page[at];
            int other = id.bytes[0];
            boolean whole = (kind & WHOLE) != 0;
            boolean otherWhole = (other & WHOLE) != 0;
            if (whole == otherWhole) {
                // Both stripped of a kind's name (the same one, or different ids), or both kept whole: the same
                // bytes, whatever kind their nodes are.
                return (whole ? (kind & UTF8) == (other & UTF8) : kind == other)
                        && Arrays.equals(page, at + 1, at + length, id.bytes, 1, id.length);
            }
            if (((kind | other) & UTF8) != 0) {
                return false; // an id is ASCII or not, however kept
            }
            // One kept whole (its node's kind is not the one its name says), the other stripped of its kind's name.
            return whole ? wholeIs(page, at + 1, at + length, other, id.bytes, 1, id.length)
                    : wholeIs(id.bytes, 1, id.length, kind, page, at + 1, at + length);
        }

        /** Whether bytes kept whole are the name of {@code kind} followed by bytes kept stripped of it. */
        private static boolean wholeIs(byte[] whole, int from, int to, int kind, byte[] stripped, int strippedFrom,
                int strippedTo) {
            byte[] prefix = PREFIX_BYTES[kind & KIND_MASK];
            return to - from == prefix.length + strippedTo - strippedFrom
                    && Arrays.equals(whole, from, from + prefix.length, prefix, 0, prefix.length)
                    && Arrays.equals(whole, from + prefix.length, to, stripped, strippedFrom, strippedTo);
        }

        /**
         * Orders numbers by their ids as {@link String#compareTo} does; {@code numbers} maps what is sorted to node
         * numbers (an edge to its other end). One comparator per sort: it keeps two cursors.
         */
        IntComparator byId(IntUnaryOperator numbers) {
            Cursor left = new Cursor(this);
            Cursor right = new Cursor(this);
            return (a, b) -> compare(numbers.applyAsInt(a), numbers.applyAsInt(b), left, right);
        }

        /** A sorter of a few numbers at a time by their ids, for one thread (a walk sorts each node's edges). */
        Sorter sorter() {
            return new Sorter(this);
        }

        private static int compare(int a, int b, Cursor left, Cursor right) {
            left.at(a);
            right.at(b);
            if (left.kind == right.kind && (left.kind & UTF8) == 0) {
                // Stripped of the same kind's name, or both kept whole: their bytes in step, most of the time.
                int order = compareBytes(left.page, left.at, left.end, right.page, right.at, right.end);
                if (order != UNDECIDED) {
                    return order;
                }
                left.at(a);
                right.at(b);
            }
            return compare(left, right);
        }

        /**
         * The order of two ids' bytes as of their characters: characters compare as they are, and hex runs of the
         * same length byte by byte (a packed byte orders as its two digits do). {@link #UNDECIDED} where a run of
         * digits meets a character or a run of another length first: the characters tell.
         */
        private static int compareBytes(byte[] x, int i, int xEnd, byte[] y, int j, int yEnd) {
            while (i < xEnd && j < yEnd) {
                int a = x[i];
                int b = y[j];
                if (a >= 0 && b >= 0) {
                    if (a != b) {
                        return a - b;
                    }
                    i++;
                    j++;
                    continue;
                }
                if (a != b) {
                    return UNDECIDED;
                }
                for (int k = 1; k <= (a & MAX_PACKED_BYTES); k++) {
                    int digits = (x[i + k] & 0xff) - (y[j + k] & 0xff);
                    if (digits != 0) {
                        return digits;
                    }
                }
                i += 1 + (a & MAX_PACKED_BYTES);
                j += 1 + (a & MAX_PACKED_BYTES);
            }
            return i < xEnd ? 1 : j < yEnd ? -1 : 0;
        }

        private static int compare(Cursor left, Cursor right) {
            while (true) {
                int l = left.next();
                int r = right.next();
                if (l != r) {
                    return l < 0 ? -1 : r < 0 ? 1 : l - r;
                }
                if (l < 0) {
                    return 0;
                }
            }
        }
    }

    /**
     * Sorts a few values by the ids of their node numbers, as {@link String#compareTo} orders the ids: each id found
     * in its page once, then compared by its bytes. A node's edges one way are sorted so on every walk through it.
     */
    static final class Sorter {

        private static final int FEW = 16;

        private final View view;
        /** Node numbers by their ids, through two character cursors: where bytes cannot tell, and for many. */
        private final IntComparator byId;
        private final int[] numbers = new int[FEW];
        private final byte[][] pages = new byte[FEW][];
        private final int[] at = new int[FEW];
        private final int[] end = new int[FEW];
        private final int[] kind = new int[FEW];

        private Sorter(View view) {
            this.view = view;
            this.byId = view.byId(IntUnaryOperator.identity());
        }

        /** Sorts {@code values[from, to)}, whose ids are those of {@code number.applyAsInt(value)}. */
        void sort(int[] values, int from, int to, IntUnaryOperator number) {
            int count = to - from;
            if (count > FEW) {
                IntArrays.quickSort(values, from, to, view.byId(number));
                return;
            }
            for (int i = 0; i < count; i++) {
                locate(i, number.applyAsInt(values[from + i]));
            }
            for (int i = 1; i < count; i++) {
                for (int j = i; j > 0 && compare(j - 1, j) > 0; j--) {
                    swap(values, from, j - 1, j);
                }
            }
        }

        private void locate(int i, int nodeNumber) {
            int start = IntPages.get(view.starts, nodeNumber);
            byte[] page = view.pages[start >>> PLACE_BITS];
            int place = placeIn(start);
            int length = lengthAt(page, place);
            place += lengthBytes(length);
            numbers[i] = nodeNumber;
            pages[i] = page;
            kind[i] = page[place];
            at[i] = place + 1;
            end[i] = place + length;
        }

        private int compare(int x, int y) {
            if (kind[x] == kind[y] && (kind[x] & UTF8) == 0) {
                int order = View.compareBytes(pages[x], at[x], end[x], pages[y], at[y], end[y]);
                if (order != UNDECIDED) {
                    return order;
                }
            }
            return byId.compare(numbers[x], numbers[y]);
        }

        private void swap(int[] values, int from, int x, int y) {
            int value = values[from + x];
            values[from + x] = values[from + y];
            values[from + y] = value;
            int number = numbers[x];
            numbers[x] = numbers[y];
            numbers[y] = number;
            byte[] page = pages[x];
            pages[x] = pages[y];
            pages[y] = page;
            int swapped = at[x];
            at[x] = at[y];
            at[y] = swapped;
            swapped = end[x];
            end[x] = end[y];
            end[y] = swapped;
            swapped = kind[x];
            kind[x] = kind[y];
            kind[y] = swapped;
        }
    }

    /** Reads an id's characters back, one at a time: its kind's name, then its bytes with hex unpacked. */
    private static final class Cursor {

        private final View view;
        private byte[] page;
        private int kind;
        private String text;
        private int textAt;
        private int at;
        private int end;
        private int packedLeft;
        private int pendingDigit;

        Cursor(View view) {
            this.view = view;
        }

        Cursor at(int number) {
            int start = IntPages.get(view.starts, number);
            page = view.pages[start >>> PLACE_BITS];
            at = placeIn(start);
            int length = lengthAt(page, at);
            at += lengthBytes(length);
            end = at + length;
            kind = page[at++];
            textAt = 0;
            packedLeft = 0;
            pendingDigit = -1;
            if ((kind & UTF8) != 0) {
                text = new String(page, at, end - at, StandardCharsets.UTF_8);
                at = end;
            } else {
                text = (kind & WHOLE) != 0 ? "" : PREFIXES[kind & KIND_MASK];
            }
            return this;
        }

        /** The next character, or -1 after the last. */
        int next() {
            if (textAt < text.length()) {
                return text.charAt(textAt++);
            }
            if (pendingDigit >= 0) {
                int digit = pendingDigit;
                pendingDigit = -1;
                return HEX[digit];
            }
            if (at >= end) {
                return -1;
            }
            int b = page[at++] & 0xff;
            if (packedLeft > 0) {
                packedLeft--;
                pendingDigit = b & 0x0f;
                return HEX[b >> 4];
            }
            if ((b & PACKED) != 0) {
                packedLeft = b & MAX_PACKED_BYTES;
                return next();
            }
            return b;
        }
    }
}
