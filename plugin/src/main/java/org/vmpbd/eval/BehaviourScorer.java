package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.ProcessScorer;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.WindowListener;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * Scores processes with the engine ({@link Detector#newProcess}, one call at a time) and records
 * each one's behaviour trace through a {@link WindowListener}. Processes run concurrently on
 * {@code threads} threads, longest first; results come back in input order.
 */
public final class BehaviourScorer {
    private final int threads;

    public BehaviourScorer(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /** One process, on the calling thread. */
    public static BehaviourTrace score(Detector detector, ProcessTrace trace) {
        detector.model().requireAbi(trace);
        Recorder rec = new Recorder();
        ProcessScorer scorer = detector.newProcess(trace.id(), rec);
        for (int s : trace.calls()) {
            scorer.accept(s);
        }
        ProcessVerdict v = scorer.verdict();
        if (v.windows() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("trace " + trace.id() + " has more than 2^31 windows");
        }
        return new BehaviourTrace(trace.id(), v.calls(), (int) v.windows(), Arrays.copyOf(rec.at, rec.size),
            Arrays.copyOf(rec.b, rec.size), v.meanScore(), v.ruleScore());
    }

    /**
     * @param progress called with the number of processes done so far (from worker threads)
     */
    public List<BehaviourTrace> scoreAll(Detector detector, List<ProcessTrace> traces, IntConsumer progress) {
        if (traces.isEmpty()) {
            return List.of();
        }
        Integer[] order = new Integer[traces.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> traces.get(i).length()).reversed());
        BehaviourTrace[] out = new BehaviourTrace[traces.size()];
        AtomicInteger done = new AtomicInteger();
        if (threads == 1) {
            for (int i : order) {
                out[i] = score(detector, traces.get(i));
                progress.accept(done.incrementAndGet());
            }
            return List.of(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "vmpbd-eval");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : order) {
                futures.add(pool.submit(() -> {
                    out[i] = score(detector, traces.get(i));
                    progress.accept(done.incrementAndGet());
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return List.of(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scoring interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Collects the misses of one process. */
    private static final class Recorder implements WindowListener {
        int[] at = new int[16];
        double[] b = new double[16];
        int size;

        @Override
        public void onWindow(long k, int[] window, double sim, boolean exact) {
            if (exact) {
                return;
            }
            if (size == at.length) {
                at = Arrays.copyOf(at, size * 2);
                b = Arrays.copyOf(b, size * 2);
            }
            at[size] = (int) k;
            b[size] = sim;
            size++;
        }
    }
}
