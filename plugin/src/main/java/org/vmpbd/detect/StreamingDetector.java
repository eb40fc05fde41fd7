package org.vmpbd.detect;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Live detection over many interleaved processes: events arrive one at a time, each for some
 * process; all events of one process go to the same lane (so its scorer sees them in order), and
 * the lanes run concurrently. Each lane has a bounded queue; {@link #submit} blocks when it is full
 * (back-pressure), so memory stays bounded. Alarms and final verdicts go to the given sinks, from
 * lane threads.
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

        Lane(int id, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, "vmpbd-lane-" + id);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Event e = queue.take();
                    if (e == Event.STOP) {
                        scorers.values().forEach(s -> verdicts.accept(s.verdict()));
                        scorers.clear();
                        return;
                    }
                    if (e.end()) {
                        ProcessScorer s = scorers.remove(e.processId());
                        if (s != null) {
                            verdicts.accept(s.verdict());
                        }
                        continue;
                    }
                    try {
                        Alarm a = scorers.computeIfAbsent(e.processId(), detector::newProcess).accept(e.call());
                        if (a != null) {
                            alarms.accept(a);
                        }
                    } catch (RuntimeException bad) {
                        errors.accept(bad);
                    }
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
