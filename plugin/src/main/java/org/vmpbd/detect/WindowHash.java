package org.vmpbd.detect;

/** The one hash of a window (or of its projection onto some positions) used by every table. */
final class WindowHash {
    private WindowHash() {
    }

    static int of(int[] window, int[] positions) {
        long h = 0x9E3779B97F4A7C15L;
        for (int j : positions) {
            h = (h ^ (window[j] + 1L + ((long) j << 32))) * 0xBF58476D1CE4E5B9L;
        }
        return finish(h);
    }

    static int ofRow(WindowLibrary lib, int row, int[] positions) {
        long h = 0x9E3779B97F4A7C15L;
        for (int j : positions) {
            h = (h ^ (lib.symbol(row, j) + 1L + ((long) j << 32))) * 0xBF58476D1CE4E5B9L;
        }
        return finish(h);
    }

    private static int finish(long h) {
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return (int) h;
    }
}
