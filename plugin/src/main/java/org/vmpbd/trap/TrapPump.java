package org.vmpbd.trap;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.StreamingDetector;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.abi.SocketCallMode;

/**
 * Connects one {@link TrapSession} to the detection engine: polls its events, renumbers each into
 * the model's ABI (or refuses it, see {@link Options#map}), and feeds it to a
 * {@link StreamingDetector} under its {@link SyscallEvent#processKey() process key}, until the
 * session is {@link TrapSession#finished() finished} and drained, or {@link #stop()} is called.
 *
 * <p>Process end: a process (vm, pid, generation) ends at its exit_group call, or when an event of the
 * same vm and pid arrives with a higher generation (the pid exec'd; see {@link ProcessIdentities}), and
 * every process still open ends when the pump stops. An event of
 * a lower generation than its pid's current one is late: counted and not scored, so that no
 * process gets two verdicts. Events of an unknown pid (-1) are told apart by vm and CR3 instead.
 * An ended process's verdict goes to the listener. Single use: one pump per session.
 *
 * <p>Budget (optional, see {@link TrapBudget}): each mapped, in-time event is offered to the budget;
 * a shed event is counted and not scored. A process the budget touched is reported through
 * {@link PumpListener#verdict(ProcessVerdict, BudgetEffect)} with its {@link BudgetEffect}: with its
 * verdict over the calls kept, or with none when not one call was scored. Without a budget the
 * pump behaves exactly as before.
 */
public final class TrapPump {
    private static final int BATCH = 4096;
    private static final int LANE_QUEUE = 4096;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final int X86_64_EXIT_GROUP = 231;
    private static final int I386_EXIT_GROUP = 252;

    /**
     * @param lanes      detector lanes (processes are spread over them by key)
     * @param map        map events of another ABI into the model's by vmpbd's explicit table;
     *                   false refuses them
     * @param socketCall with {@code map}: where x86-64 socket and IPC calls go in i386
     */
    public record Options(int lanes, boolean map, SocketCallMode socketCall) {
        /** All cores, no mapping. */
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), false, SocketCallMode.MULTIPLEXED);
        }
    }

    /** The current generation of one (vm, pid), its process key and whether it has been started. */
    private static final class Current {
        final long generation;
        final String key;
        boolean started;
        /** Ended by its exit_group; its verdict is on the way. */
        boolean over;

        Current(long generation, String key) {
            this.generation = generation;
            this.key = key;
        }
    }

    private final TrapSession session;
    private final Detector detector;
    private final Options options;
    private final PumpListener listener;
    private final ModelNumbering numbering;
    private final TrapBudget budget;
    private final Map<String, Current> current = new HashMap<>();
    /** Effects of ended processes whose verdicts are still on their way from the lanes. */
    private final Map<String, BudgetEffect> effects = new ConcurrentHashMap<>();
    private final AtomicBoolean used = new AtomicBoolean();
    private volatile boolean stopped;
    private long polled;
    private long scored;
    private long refused;
    private long late;
    private long processes;
    private long superseded;
    private long shed;
    private long unscored;
    private long exited;

    /** A pump without a trap budget. */
    public TrapPump(TrapSession session, Detector detector, Options options, PumpListener listener) {
        this(session, detector, options, listener, null);
    }

    /** @param budget the per-VM trap budget, or null for none */
    public TrapPump(TrapSession session, Detector detector, Options options, PumpListener listener,
                    TrapBudget budget) {
        this.session = session;
        this.detector = detector;
        this.options = options;
        this.listener = listener;
        this.budget = budget;
        this.numbering = new ModelNumbering(detector.model().abi(), options.map(), options.socketCall());
    }

    /**
     * Pumps until the session is finished and drained or {@link #stop()} is called, then ends every
     * open process; all verdicts have reached the listener when this returns. The session must be
     * (or become) enabled; the pump does not enable, disable or close it. A disabled session that
     * is not finished is waited for.
     */
    public PumpStats run() throws InterruptedException {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("a TrapPump runs once");
        }
        StreamingDetector stream = new StreamingDetector(detector, options.lanes(), LANE_QUEUE, listener::alarm,
            this::verdict, listener::error);
        try {
            while (!stopped) {
                boolean over = session.finished();
                List<SyscallEvent> events = session.poll(BATCH, POLL_TIMEOUT);
                if (!events.isEmpty()) {
                    listener.polled(events);
                }
                for (SyscallEvent e : events) {
                    feed(stream, e);
                }
                if (events.isEmpty() && over) {
                    break;
                }
            }
        } finally {
            for (Current c : current.values()) {
                if (!c.over) {
                    settle(c);
                }
            }
            current.clear();
            stream.close();
        }
        return new PumpStats(polled, scored, refused, late, processes, superseded, shed, unscored);
    }

    private void verdict(ProcessVerdict v) {
        BudgetEffect effect = effects.isEmpty() ? null : effects.remove(v.processId());
        if (effect == null) {
            listener.verdict(v);
        } else {
            listener.verdict(v, effect);
        }
    }

    /**
     * A process ends: its budget effect is kept for its verdict, or, when it had no scored event,
     * reported here. True if the detector holds the process (a verdict is to come).
     */
    private boolean settle(Current c) {
        BudgetEffect effect = budget == null ? null : budget.end(c.key);
        if (effect != null) {
            if (!c.started) {
                unscored++;
                listener.verdict(null, effect);
                return false;
            }
            effects.put(c.key, effect);
        }
        return c.started;
    }

    /** Makes {@link #run()} end soon, from any thread. */
    public void stop() {
        stopped = true;
    }

    private void feed(StreamingDetector stream, SyscallEvent e) throws InterruptedException {
        polled++;
        int nr = numbering.toModel(e, listener);
        if (nr < 0) {
            refused++;
            return;
        }
        String who = e.pid() >= 0 ? e.vm() + "/" + e.pid() : e.vm() + "/cr3:" + Long.toHexString(e.cr3());
        Current now = current.get(who);
        if (now == null || e.generation() > now.generation) {
            if (now != null && !now.over) {
                if (settle(now)) {
                    stream.end(now.key);
                }
                superseded++;
            }
            now = new Current(e.generation(), e.processKey());
            current.put(who, now);
            processes++;
        } else if (e.generation() < now.generation || now.over) {
            late++;   // an earlier generation, or a thread still calling after its process's exit_group
            return;
        }
        if (budget != null && !budget.admit(e.vm(), now.key, nr)) {
            shed++;
        } else {
            if (!now.started) {
                now.started = true;
                listener.processStarted(now.key);
            }
            stream.submit(now.key, nr);
            scored++;
        }
        if (exitGroup(e)) {   // the process is over: its verdict now, not when its pid comes back
            now.over = true;
            if (settle(now)) {
                stream.end(now.key);
            }
            exited++;
        }
    }

    /** exit_group ends every thread of the process; a thread's exit ends only the thread. */
    private static boolean exitGroup(SyscallEvent e) {
        return e.nr() == X86_64_EXIT_GROUP && e.abi().equals(Abis.LINUX_X86_64)
            || e.nr() == I386_EXIT_GROUP && e.abi().equals(Abis.LINUX_I386);
    }
}
