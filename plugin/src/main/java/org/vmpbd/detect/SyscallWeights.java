package org.vmpbd.detect;

import java.util.Arrays;
import java.util.List;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * Training-side statistics over the calls of an ABI: the IDF weight of each call and its relative
 * frequency over the whole training set, whose product is the library-side behaviour weight
 * {@code W_lib(s) = Weight(s) x fre(s)} (definitions 1 to 3).
 */
public final class SyscallWeights {
    private final IdfVariant variant;
    private final double[] idf;
    private final double[] frequency;
    private final double[] libraryWeight;

    public SyscallWeights(IdfVariant variant, double[] idf, double[] frequency) {
        if (idf.length != frequency.length) {
            throw new IllegalArgumentException("idf and frequency tables differ in size: " + idf.length
                + " vs " + frequency.length);
        }
        this.variant = variant;
        this.idf = idf.clone();
        this.frequency = frequency.clone();
        this.libraryWeight = new double[idf.length];
        for (int s = 0; s < idf.length; s++) {
            libraryWeight[s] = idf[s] * frequency[s];
        }
    }

    /** Computes weights over the training traces (already filtered), for an ABI of {@code n} calls. */
    public static SyscallWeights train(List<ProcessTrace> traces, int n, IdfVariant variant) {
        int[] using = new int[n];
        long[] count = new long[n];
        long total = 0;
        boolean[] seen = new boolean[n];
        for (ProcessTrace t : traces) {
            Arrays.fill(seen, false);
            for (int s : t.calls()) {
                count[s]++;
                if (!seen[s]) {
                    seen[s] = true;
                    using[s]++;
                }
            }
            total += t.calls().length;
        }
        double[] idf = new double[n];
        double[] fre = new double[n];
        for (int s = 0; s < n; s++) {
            idf[s] = variant.weight(traces.size(), using[s]);
            fre[s] = total == 0 ? 0.0 : (double) count[s] / total;
        }
        return new SyscallWeights(variant, idf, fre);
    }

    public IdfVariant variant() {
        return variant;
    }

    public int size() {
        return idf.length;
    }

    /** IDF weight of {@code s} ({@link IdfVariant#UNSEEN_WEIGHT} for calls never seen in training). */
    public double idf(int s) {
        return idf[s];
    }

    /** Relative frequency of {@code s} over the training set. */
    public double frequency(int s) {
        return frequency[s];
    }

    /** {@code W_lib(s)}. */
    public double libraryWeight(int s) {
        return libraryWeight[s];
    }

    double[] idfTable() {
        return idf.clone();
    }

    double[] frequencyTable() {
        return frequency.clone();
    }
}
