package org.vmpbd.detect;

import java.util.Arrays;
import java.util.List;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * The distinct training windows of length {@code M}, stored as the CSR form of the
 * {@code |L| x (M n)} binary one-hot matrix (section 2.3.2): {@code rowptr} and {@code colidx},
 * values implicitly 1, column of position {@code j} holding call {@code s} is {@code j n + s}.
 * Also holds {@code ||a||} per row (the library-side norm under {@link SyscallWeights}).
 */
public final class WindowLibrary {
    private final int m;
    private final int n;
    private final int[] rowptr;
    private final int[] colidx;
    private final double[] norm;

    WindowLibrary(int m, int n, int[] rowptr, int[] colidx, SyscallWeights weights) {
        if (rowptr.length == 0 || rowptr[rowptr.length - 1] != colidx.length) {
            throw new IllegalArgumentException("CSR rowptr does not end at colidx length " + colidx.length);
        }
        this.m = m;
        this.n = n;
        this.rowptr = rowptr;
        this.colidx = colidx;
        int rows = rowptr.length - 1;
        this.norm = new double[rows];
        for (int r = 0; r < rows; r++) {
            if (rowptr[r + 1] - rowptr[r] != m) {
                throw new IllegalArgumentException("CSR row " + r + " has " + (rowptr[r + 1] - rowptr[r])
                    + " non-zeros, expected M = " + m);
            }
            double sq = 0;
            for (int j = 0; j < m; j++) {
                int c = colidx[rowptr[r] + j];
                if (c < j * n || c >= (j + 1) * n) {
                    throw new IllegalArgumentException("CSR row " + r + " position " + j + ": column " + c
                        + " outside [" + j * n + ", " + (j + 1) * n + ")");
                }
                double a = weights.libraryWeight(c - j * n);
                sq += a * a;
            }
            norm[r] = Math.sqrt(sq);
        }
    }

    /** Builds the library of distinct windows of {@code traces}, rows in order of first appearance. */
    public static WindowLibrary build(List<ProcessTrace> traces, int m, int n, SyscallWeights weights) {
        DistinctWindows distinct = new DistinctWindows(m);
        int[] window = new int[m];
        for (ProcessTrace t : traces) {
            int[] calls = t.calls();
            for (int k = 0; k + m <= calls.length; k++) {
                System.arraycopy(calls, k, window, 0, m);
                distinct.add(window);
            }
        }
        int rows = distinct.size();
        int[] rowptr = new int[rows + 1];
        int[] colidx = new int[rows * m];
        int[] symbols = distinct.symbols();
        for (int r = 0; r < rows; r++) {
            rowptr[r + 1] = (r + 1) * m;
            for (int j = 0; j < m; j++) {
                colidx[r * m + j] = j * n + symbols[r * m + j];
            }
        }
        return new WindowLibrary(m, n, rowptr, colidx, weights);
    }

    public int m() {
        return m;
    }

    public int n() {
        return n;
    }

    public int rows() {
        return rowptr.length - 1;
    }

    /** The call at position {@code j} of library window {@code row}. */
    public int symbol(int row, int j) {
        return colidx[rowptr[row] + j] - j * n;
    }

    /** Column index (in {@code [0, M n)}) of the non-zero at position {@code j} of {@code row}. */
    public int column(int row, int j) {
        return colidx[rowptr[row] + j];
    }

    /** {@code ||a||} of row {@code row}. */
    public double norm(int row) {
        return norm[row];
    }

    /** Bytes of the CSR arrays. */
    public long csrBytes() {
        return (long) (rowptr.length + colidx.length) * Integer.BYTES;
    }

    /** Bytes a dense {@code |L| x (M n)} matrix would take at one byte per cell. */
    public long denseBytes() {
        return (long) rows() * m * n;
    }

    int[] rowptr() {
        return rowptr;
    }

    int[] colidx() {
        return colidx;
    }

    /** Growable set of distinct windows, for building. */
    private static final class DistinctWindows {
        private final int m;
        private int[] symbols = new int[1024];
        private int rows;
        private int[] slots = new int[1024];
        private final int[] all;

        DistinctWindows(int m) {
            this.m = m;
            this.all = ProjectionTable.positionsOf((1 << m) - 1);
            Arrays.fill(slots, -1);
        }

        void add(int[] window) {
            int h = WindowHash.of(window, all);
            int mask = slots.length - 1;
            int slot = h & mask;
            while (slots[slot] >= 0) {
                if (equalsRow(slots[slot], window)) {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            if ((rows + 1) * m > symbols.length) {
                symbols = Arrays.copyOf(symbols, symbols.length * 2);
            }
            System.arraycopy(window, 0, symbols, rows * m, m);
            slots[slot] = rows++;
            if (rows * 2 > slots.length) {
                rehash();
            }
        }

        private boolean equalsRow(int row, int[] window) {
            int base = row * m;
            for (int j = 0; j < m; j++) {
                if (symbols[base + j] != window[j]) {
                    return false;
                }
            }
            return true;
        }

        private void rehash() {
            int[] bigger = new int[slots.length * 2];
            Arrays.fill(bigger, -1);
            int mask = bigger.length - 1;
            int[] w = new int[m];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(symbols, r * m, w, 0, m);
                int slot = WindowHash.of(w, all) & mask;
                while (bigger[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                bigger[slot] = r;
            }
            slots = bigger;
        }

        int size() {
            return rows;
        }

        int[] symbols() {
            return symbols;
        }
    }
}
