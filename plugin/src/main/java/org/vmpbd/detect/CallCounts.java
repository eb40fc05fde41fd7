package org.vmpbd.detect;

import java.util.Arrays;

/**
 * A process's count of each call so far (the test side's frequencies), kept small: the calls that
 * occur in the library (the only ones an exact hit holds; ADFA-LD: 150 of 452) are counted in an
 * array of that size through a shared numbering ({@link Slots}); any other call in a full-size
 * array made at the first such call. A scorer is made per process, so this is most of its
 * set-up. Not thread-safe.
 */
final class CallCounts {
    private final Slots slots;
    private final int[] library;
    private int[] others;

    CallCounts(Slots slots) {
        this.slots = slots;
        this.library = new int[slots.size];
    }

    /** Counts {@code call}, which is within the ABI. */
    void add(int call) {
        int s = slots.slot[call];
        if (s >= 0) {
            library[s]++;
        } else {
            if (others == null) {
                others = new int[slots.slot.length];
            }
            others[call]++;
        }
    }

    /** Counts {@code call}, which occurs in the library (e.g. the last call of an exact hit). */
    void addLibraryCall(int call) {
        library[slots.slot[call]]++;
    }

    int get(int call) {
        int s = slots.slot[call];
        if (s >= 0) {
            return library[s];
        }
        return others == null ? 0 : others[call];
    }

    /** The numbering of the library's calls, shared by all processes of a detector. Immutable. */
    static final class Slots {
        /** Call number to its index among the library's calls, or -1. */
        private final int[] slot;
        private final int size;

        private Slots(int[] slot, int size) {
            this.slot = slot;
            this.size = size;
        }

        static Slots of(WindowLibrary lib) {
            int[] slot = new int[lib.n()];
            Arrays.fill(slot, -1);
            int size = 0;
            for (int row = 0; row < lib.rows(); row++) {
                for (int j = 0; j < lib.m(); j++) {
                    int s = lib.symbol(row, j);
                    if (slot[s] < 0) {
                        slot[s] = size++;
                    }
                }
            }
            return new Slots(slot, size);
        }

        /** Calls in the ABI ({@code n}). */
        int calls() {
            return slot.length;
        }
    }
}
