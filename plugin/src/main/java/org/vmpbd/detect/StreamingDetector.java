package org.vmpbd.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Live detection over many interleaved processes: events arrive one at a time, each for some
 * process; all events of one process go to the same lane (so its scorer sees them in order), and
 * the lanes run concurrently. Each lane has a bounded queue; {@link #submit} blocks when it is full
 * (back-pressure), so memory stays bounded. A lane takes everything queued at once and feeds each
 * process's consecutive calls among it to the scorer as one run ({@link ProcessScorer#accept(int[],
 * int, int, Consumer)}: the same verdicts, with exact hits taken in bulk). Alarms and final verdicts
 * go to the given sinks, from lane threads, in event order.
 */
public final class StreamingDetector implements AutoCloseable {
    private final Detector detector;
    private final Lane[] lanes;
    private final Consumer<Alarm> alarms;
    private final Consumer<ProcessVerdict> verdicts;
    private final Consumer<RuntimeException> errors;

    /**
     * @param errors gets a bad event (e.g. a call outside the ABI) with the process named; the lane
     *               and the process's state so far are kept
     */
    public StreamingDetector(Detector detector, int lanes, int queueCapacity, Consumer<Alarm> alarms,
                             Consumer<ProcessVerdict> verdicts, Consumer<RuntimeException> errors) {
        if (lanes < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("need at least one lane and queue capacity >= 1");
        }
        this.detector = detector;
        this.alarms = alarms;
        this.verdicts = verdicts;
        this.errors = errors;
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane(i, queueCapacity);
            this.lanes[i].thread.start();
        }
    }

    /** Next call of process {@code processId}. */
    public void submit(String processId, int call) throws InterruptedException {
        lane(processId).queue.put(new Event(processId, call, false));
    }

    /** The process ended: its verdict goes to the verdict sink and its state is freed. */
    public void end(String processId) throws InterruptedException {
        lane(processId).queue.put(new Event(processId, 0, true));
    }

    private Lane lane(String processId) {
        return lanes[Math.floorMod(processId.hashCode(), lanes.length)];
    }

    /** Ends every open process (emitting verdicts), then stops the lanes. */
    @Override
    public void close() throws InterruptedException {
        for (Lane lane : lanes) {
            lane.queue.put(Event.STOP);
        }
        for (Lane lane : lanes) {
            lane.thread.join();
        }
    }

    private record Event(String processId, int call, boolean end) {
        static final Event STOP = new Event(null, 0, true);
    }

    private final class Lane implements Runnable {
        private final BlockingQueue<Event> queue;
        private final Map<String, ProcessScorer> scorers = new HashMap<>();
        private final Thread thread;
        /** The events taken from the queue at once, and one process's run of calls among them. */
        private final List<Event> taken;
        private final int[] run;
        private final List<Alarm> raised = new ArrayList<>();

        Lane(int id, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.taken = new ArrayList<>(capacity);
            this.run = new int[capacity];
            this.thread = new Thread(this, "vmpbd-lane-" + id);
            this.thread.setDaemon(true);
        }

        /**
         * Takes whatever the queue holds at once (waiting for at least one event), and feeds each
         * process's consecutive calls among them to its scorer as one run.
         */
        @Override
        public void run() {
            try {
                while (true) {
                    taken.add(queue.take());
                    queue.drainTo(taken, run.length - 1);
                    boolean stop = handle();
                    taken.clear();
                    if (stop) {
                        return;
                    }
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }

        /** Handles {@link #taken} in order; true at {@link Event#STOP}. */
        private boolean handle() {
            int i = 0;
            while (i < taken.size()) {
                Event e = taken.get(i);
                if (e == Event.STOP) {
                    scorers.values().forEach(s -> verdicts.accept(s.finish()));
                    scorers.clear();
                    return true;
                }
                if (e.end()) {
                    ProcessScorer s = scorers.remove(e.processId());
                    if (s != null) {
                        verdicts.accept(s.finish());
                    }
                    i++;
                    continue;
                }
                i = score(i);
            }
            return false;
        }

        /** Scores the run of calls of one process that starts at {@code taken[from]}; returns where it ends. */
        private int score(int from) {
            String id = taken.get(from).processId();
            int abiSize = detector.model().abi().size();
            int n = 0;
            int i = from;
            for (; i < taken.size(); i++) {
                Event e = taken.get(i);
                // a call outside the ABI ends the run: it goes alone, and its error names it
                if (e.end() || !e.processId().equals(id) || e.call() < 0 || e.call() >= abiSize) {
                    break;
                }
                run[n++] = e.call();
            }
            try {
                ProcessScorer s = scorers.computeIfAbsent(id, detector::newProcess);
                if (n == 0) {
                    i++;
                    Alarm a = s.accept(taken.get(from).call());
                    if (a != null) {
                        raised.add(a);
                    }
                } else {
                    s.accept(run, 0, n, raised::add);
                }
            } catch (RuntimeException bad) {
                errors.accept(bad);
            }
            for (Alarm a : raised) {
                try {
                    alarms.accept(a);
                } catch (RuntimeException bad) {
                    errors.accept(bad);
                }
            }
            raised.clear();
            return i;
        }
    }
}
