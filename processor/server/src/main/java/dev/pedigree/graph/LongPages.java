package dev.pedigree.graph;

import java.util.Arrays;

/**
 * A growing array of longs kept in pages of {@value #SIZE}: it grows a page at a time, without copying what it holds
 * and with at most a page unused, and no page is large enough for G1 to give it heap regions of its own (a large
 * array's last region is mostly empty). The graph index's times.
 *
 * <p>One writer; a reader that must not hold the writer's lock reads through {@link #pages()} taken under it.
 */
final class LongPages {

    static final int SHIFT = 14;
    static final int SIZE = 1 << SHIFT;
    static final int MASK = SIZE - 1;

    private long[][] pages = new long[0][];

    long get(int index) {
        return pages[index >>> SHIFT][index & MASK];
    }

    /** Sets the value at {@code index}, adding pages up to it if needed. */
    void set(int index, long value) {
        int page = index >>> SHIFT;
        if (page >= pages.length) {
            int from = pages.length;
            pages = Arrays.copyOf(pages, page + 1);
            for (int p = from; p <= page; p++) {
                pages[p] = new long[SIZE];
            }
        }
        pages[page][index & MASK] = value;
    }

    /** The pages as they are now: they hold every value set so far, whatever is set after. */
    long[][] pages() {
        return pages;
    }

    static long get(long[][] pages, int index) {
        return pages[index >>> SHIFT][index & MASK];
    }
}
