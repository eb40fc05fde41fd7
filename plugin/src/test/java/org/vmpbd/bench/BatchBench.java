package org.vmpbd.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vmpbd.detect.BatchDetector;
import org.vmpbd.detect.ConsecutiveRule;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ProcessVerdict;

/**
 * Target 3, concurrency: {@link BatchDetector} with 1 and 2 threads scoring all 4,298 UNM lpr
 * unm-live normal processes against a SUBSET model trained on lpr mit-live normal (about 0.9 % of
 * the windows miss, so both paths run). One operation scores the whole set; the report turns it into
 * calls per second.
 *
 * <p>{@link #detectClaimed} is a reference, not the engine's code path: the same
 * {@code Detector.score} per process, but {@code threads} plain threads claim processes by index
 * from a shared counter instead of {@link BatchDetector}'s one executor task (and future) per
 * process. It isolates the engine's scoring from the batch scheduling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchBench {
    @Param({"1", "2"})
    public int threads;

    private BatchDetector batch;
    private Detector detector;
    private BenchData.Lpr lpr;

    @Setup
    public void setup() {
        lpr = BenchData.lpr();
        detector = new Detector(lpr.model, IndexKind.SUBSET, new ConsecutiveRule(3 * BenchData.M), 0.5);
        batch = new BatchDetector(detector, threads);
    }

    @Benchmark
    public List<ProcessVerdict> detect() {
        return batch.detect(lpr.test);
    }

    @Benchmark
    public ProcessVerdict[] detectClaimed() throws InterruptedException {
        return claimed(detector, lpr.test, threads);
    }

    /** Scores {@code traces} with {@code threads} threads claiming processes by index (1: the caller). */
    static ProcessVerdict[] claimed(Detector detector, List<org.vmpbd.detect.trace.ProcessTrace> traces, int threads)
        throws InterruptedException {
        ProcessVerdict[] out = new ProcessVerdict[traces.size()];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < out.length; i = next.getAndIncrement()) {
                out[i] = detector.score(traces.get(i));
            }
        };
        if (threads == 1) {
            work.run();
            return out;
        }
        Thread[] pool = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            pool[t] = new Thread(work, "bench-claimed-" + t);
            pool[t].start();
        }
        for (Thread t : pool) {
            t.join();
        }
        return out;
    }
}
