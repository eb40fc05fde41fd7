package org.vmpbd.eval;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * stide (Forrest et al. 1996; Warrender, Forrest and Pearlmutter 1999), the baseline: the normal
 * database is the set of distinct length-{@code k} windows (sliding, step 1) of the training
 * processes; a test window not in it is a <em>mismatch</em>. The locality frame count (LFC) of a
 * process is the largest number of mismatches among any {@code frame} consecutive windows (frames
 * at the start of a process hold fewer windows). A process is anomalous iff its LFC reaches the
 * threshold. Immutable once trained; thread-safe.
 */
public final class Stide {
    /** Forrest 1996 window length. */
    public static final int DEFAULT_K = 6;
    /** Locality frame length (Warrender 1999). */
    public static final int DEFAULT_FRAME = 20;

    private final int k;
    private final int frame;
    private final int n;
    private final boolean packed;
    private final LongSet packedWindows;
    private final Set<Key> windows;

    private Stide(int k, int frame, int n, LongSet packedWindows, Set<Key> windows) {
        this.k = k;
        this.frame = frame;
        this.n = n;
        this.packed = packedWindows != null;
        this.packedWindows = packedWindows;
        this.windows = windows;
    }

    /**
     * Builds the normal database.
     *
     * @param n the ABI size: every call is in {@code [0, n)}
     */
    public static Stide train(List<ProcessTrace> normal, int k, int frame, int n) {
        if (k < 1 || frame < 1 || n < 1) {
            throw new IllegalArgumentException("stide needs k >= 1, frame >= 1, n >= 1; got k=" + k + " frame="
                + frame + " n=" + n);
        }
        boolean fits = power(n, k) > 0;
        LongSet packedSet = fits ? new LongSet() : null;
        Set<Key> set = fits ? null : new HashSet<>();
        for (ProcessTrace t : normal) {
            int[] c = t.calls();
            if (fits) {
                long code = 0;
                long top = power(n, k - 1);
                for (int i = 0; i < c.length; i++) {
                    code = i >= k ? (code - c[i - k] * top) * n + c[i] : code * n + c[i];
                    if (i >= k - 1) {
                        packedSet.add(code);
                    }
                }
            } else {
                for (int i = 0; i + k <= c.length; i++) {
                    set.add(new Key(Arrays.copyOfRange(c, i, i + k)));
                }
            }
        }
        return new Stide(k, frame, n, packedSet, set);
    }

    /** {@code n^e}, or -1 if it does not fit in 62 bits (then windows are stored unpacked). */
    static long power(int n, int e) {
        long p = 1;
        for (int i = 0; i < e; i++) {
            if (p > (1L << 62) / n) {
                return -1;
            }
            p *= n;
        }
        return p;
    }

    public int k() {
        return k;
    }

    public int frame() {
        return frame;
    }

    /** Number of distinct windows in the normal database. */
    public int size() {
        return packed ? packedWindows.size() : windows.size();
    }

    /** Mismatch flag of every window of {@code calls} (length {@code max(0, L - k + 1)}). */
    public boolean[] mismatches(int[] calls) {
        int w = Math.max(0, calls.length - k + 1);
        boolean[] miss = new boolean[w];
        if (packed) {
            long code = 0;
            long top = power(n, k - 1);
            for (int i = 0; i < calls.length; i++) {
                int s = calls[i];
                if (s < 0 || s >= n) {
                    throw new IllegalArgumentException("system call " + s + " outside 0.." + (n - 1));
                }
                code = i >= k ? (code - calls[i - k] * top) * n + s : code * n + s;
                if (i >= k - 1) {
                    miss[i - k + 1] = !packedWindows.contains(code);
                }
            }
        } else {
            for (int i = 0; i < w; i++) {
                miss[i] = !windows.contains(new Key(Arrays.copyOfRange(calls, i, i + k)));
            }
        }
        return miss;
    }

    /** Scores one process. */
    public Result score(ProcessTrace trace) {
        boolean[] miss = mismatches(trace.calls());
        return new Result(trace.id(), miss.length, count(miss), lfc(miss, frame));
    }

    static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            if (f) {
                c++;
            }
        }
        return c;
    }

    /** Largest number of set flags among any {@code frame} consecutive entries (shorter at the start). */
    static int lfc(boolean[] miss, int frame) {
        int inFrame = 0;
        int max = 0;
        for (int i = 0; i < miss.length; i++) {
            if (miss[i]) {
                inFrame++;
            }
            if (i >= frame && miss[i - frame]) {
                inFrame--;
            }
            max = Math.max(max, inFrame);
        }
        return max;
    }

    /**
     * stide's outcome for one process.
     *
     * @param windows    number of windows (0 for a process shorter than k)
     * @param mismatches windows not in the normal database
     * @param lfc        locality frame count: the most mismatches in any frame
     */
    public record Result(String processId, long windows, long mismatches, int lfc) {
        /** Anomalous iff the LFC reaches {@code threshold}. */
        public boolean anomalous(int threshold) {
            return lfc >= threshold;
        }

        /** Fraction of windows that mismatch (NaN with no windows). */
        public double mismatchFraction() {
            return windows == 0 ? Double.NaN : (double) mismatches / windows;
        }
    }

    private record Key(int[] calls) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(calls, other.calls);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(calls);
        }
    }

    /** Open-addressing set of non-negative longs. */
    static final class LongSet {
        private static final long EMPTY = -1L;
        private long[] slots = filled(1 << 10);
        private int size;

        private static long[] filled(int capacity) {
            long[] a = new long[capacity];
            Arrays.fill(a, EMPTY);
            return a;
        }

        private static int mix(long v) {
            long h = v * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        boolean add(long v) {
            int mask = slots.length - 1;
            int i = mix(v) & mask;
            while (slots[i] != EMPTY) {
                if (slots[i] == v) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            slots[i] = v;
            if (++size * 2 > slots.length) {
                grow();
            }
            return true;
        }

        boolean contains(long v) {
            int mask = slots.length - 1;
            int i = mix(v) & mask;
            while (slots[i] != EMPTY) {
                if (slots[i] == v) {
                    return true;
                }
                i = (i + 1) & mask;
            }
            return false;
        }

        int size() {
            return size;
        }

        private void grow() {
            long[] old = slots;
            slots = filled(old.length * 2);
            size = 0;
            for (long v : old) {
                if (v != EMPTY) {
                    add(v);
                }
            }
        }
    }
}
