package org.vmpbd.detect;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded LRU from a window's calls to its candidate library rows; confined to one thread. */
final class CandidateMemo {
    private final LinkedHashMap<Key, int[]> map;

    CandidateMemo(int capacity) {
        this.map = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, int[]> eldest) {
                return size() > capacity;
            }
        };
    }

    int[] get(int[] window) {
        return map.get(new Key(window));
    }

    void put(int[] window, int[] rows) {
        map.put(new Key(window.clone()), rows);
    }

    private record Key(int[] calls) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.calls, calls);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(calls);
        }
    }
}
