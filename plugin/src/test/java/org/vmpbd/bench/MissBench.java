package org.vmpbd.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.SimilarityIndex;

/**
 * Target 2, windows that miss: {@code maxSimilarity} per miss window on the ADFA-LD library
 * (59,885 distinct 6-windows), for each index kind and each miss set ({@code attack}: real ADFA-LD
 * attack windows not in the library; {@code mutated}: library windows with 1 or 2 positions
 * changed). See {@link BenchData#attackMisses()} and {@link BenchData#mutatedMisses()}. The index is
 * built once per trial; the SUBSET index's lazily built tables are built during warm-up (the
 * one-off build cost is reported separately by {@link BenchReport}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(BenchData.QUERIES_PER_SET)
public class MissBench {
    @Param({"SCAN", "KDTREE", "SUBSET"})
    public String kind;

    @Param({"attack", "mutated"})
    public String set;

    private SimilarityIndex index;
    private BenchData.MissQueries queries;

    @Setup
    public void setup() {
        BenchData.Adfa a = BenchData.adfa();
        index = IndexKind.valueOf(kind).build(a.library(), a.model.weights());
        queries = BenchData.misses(set);
        if (queries.size() != BenchData.QUERIES_PER_SET) {
            throw new IllegalStateException("expected " + BenchData.QUERIES_PER_SET + " queries, got " + queries.size());
        }
    }

    @Benchmark
    public double maxSimilarity() {
        double sum = 0;
        int[][] w = queries.windows;
        double[][] b = queries.b;
        double[] n = queries.bNorm;
        for (int i = 0; i < w.length; i++) {
            sum += index.maxSimilarity(w[i], b[i], n[i]);
        }
        return sum;
    }
}
