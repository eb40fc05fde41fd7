package org.vmpbd.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * Scores many recorded processes concurrently (the paper uses one thread per process; here a pool
 * of {@code threads}). Each process is still fed one call at a time through its own scorer.
 */
public final class BatchDetector {
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
            detector.model().requireAbi(t.abi(), "trace " + t.id() + " (" + t.source() + ")");
        }
        if (threads == 1) {
            List<ProcessVerdict> out = new ArrayList<>(traces.size());
            for (ProcessTrace t : traces) {
                out.add(detector.score(t));
                progress.accept(out.size());
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "vmpbd-detect");
            th.setDaemon(true);
            return th;
        });
        try {
            AtomicInteger done = new AtomicInteger();
            List<Future<ProcessVerdict>> futures = new ArrayList<>(traces.size());
            for (ProcessTrace t : traces) {
                futures.add(pool.submit(() -> {
                    ProcessVerdict v = detector.score(t);
                    progress.accept(done.incrementAndGet());
                    return v;
                }));
            }
            List<ProcessVerdict> out = new ArrayList<>(traces.size());
            for (Future<ProcessVerdict> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("detection interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
