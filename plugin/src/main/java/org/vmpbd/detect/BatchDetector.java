package org.vmpbd.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * Scores many recorded processes concurrently (the paper uses one thread per process; here
 * {@code threads} workers, the caller among them, claiming chunks of processes from a shared
 * cursor: no queue, no per-process task). Each process is still fed one call at a time through its
 * own scorer.
 */
public final class BatchDetector {
    /** Processes a worker claims at a time: few enough to balance, enough to keep the cursor cold. */
    private static final int CHUNK = 8;
    private final Detector detector;
    private final int threads;

    public BatchDetector(Detector detector, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.detector = detector;
        this.threads = threads;
    }

    /** Verdicts in input order. */
    public List<ProcessVerdict> detect(List<ProcessTrace> traces) {
        return detect(traces, done -> { });
    }

    /**
     * @param progress called with the number of processes finished so far, from worker threads
     */
    public List<ProcessVerdict> detect(List<ProcessTrace> traces, IntConsumer progress) {
        for (ProcessTrace t : traces) {
            detector.model().requireAbi(t);
        }
        if (threads == 1) {
            List<ProcessVerdict> out = new ArrayList<>(traces.size());
            for (ProcessTrace t : traces) {
                out.add(detector.score(t));
                progress.accept(out.size());
            }
            return out;
        }
        ProcessVerdict[] out = new ProcessVerdict[traces.size()];
        AtomicInteger cursor = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                int start;
                while (failure.get() == null && (start = cursor.getAndAdd(CHUNK)) < out.length) {
                    int end = Math.min(out.length, start + CHUNK);
                    for (int i = start; i < end; i++) {
                        out[i] = detector.score(traces.get(i));
                    }
                    progress.accept(done.addAndGet(end - start));
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        };
        // the calling thread is one of the workers: threads - 1 more are started
        Thread[] helpers = new Thread[threads - 1];
        for (int t = 0; t < helpers.length; t++) {
            helpers[t] = new Thread(worker, "vmpbd-detect-" + (t + 1));
            helpers[t].setDaemon(true);
            helpers[t].start();
        }
        worker.run();
        try {
            for (Thread h : helpers) {
                h.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("detection interrupted", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return java.util.Arrays.asList(out);
    }
}
