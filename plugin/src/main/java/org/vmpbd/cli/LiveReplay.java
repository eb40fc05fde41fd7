package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.trap.PumpListener;
import org.vmpbd.trap.PumpStats;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapPump;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapStats;
import org.vmpbd.trap.TrapTarget;
import org.vmpbd.trap.replay.ReplayDriver;

/** The live path for the demo and {@code vmpbd replay}: replay driver, trap session, pump, streaming detector. */
final class LiveReplay {
    private final ReplayDriver driver;

    @Inject
    LiveReplay(ReplayDriver driver) {
        this.driver = driver;
    }

    /**
     * What a replay gave.
     *
     * @param verdicts in the order the processes started
     */
    record Outcome(List<ProcessVerdict> verdicts, TrapStats trap, PumpStats pump, TrapSession.State state,
                   String deathReason, double seconds) {
        boolean died() {
            return state == TrapSession.State.DEAD;
        }

        /** One line: the session's counters and how it ended. */
        String sessionLine() {
            return String.format("session: trapped %d, buffered %d, dropped %d, processes %d; %s in %.1f s (%.0f events/s)",
                trap.trapped(), trap.buffered(), trap.dropped(), trap.processes(),
                died() ? "DEAD (" + deathReason + ")" : "replay finished", seconds, trap.trapped() / Math.max(seconds, 1e-9));
        }

        /** One line: what the pump did. */
        String pumpLine() {
            return String.format("pump: %d events scored, %d refused, %d late; %d processes, %d ended by a new generation "
                + "of their pid, the rest at the end", pump.scored(), pump.refused(), pump.late(), pump.processes(),
                pump.superseded());
        }
    }

    /** Opens, enables and pumps a replay of {@code target} into {@code detector}; {@code listener} hears everything. */
    Outcome run(TrapTarget target, Detector detector, TrapPump.Options options, PumpListener listener)
        throws TrapException, InterruptedException {
        Ordered ordered = new Ordered(listener);
        long start = System.nanoTime();
        try (TrapSession session = driver.open(target)) {
            session.enable();
            PumpStats pump = new TrapPump(session, detector, options, ordered).run();
            return new Outcome(ordered.verdicts(), session.stats(), pump, session.state(), session.deathReason(),
                (System.nanoTime() - start) / 1e9);
        }
    }

    /** Keeps verdicts in the order their processes started and passes everything on. */
    private static final class Ordered implements PumpListener {
        private final PumpListener next;
        private final Map<String, ProcessVerdict> verdicts = new LinkedHashMap<>();

        Ordered(PumpListener next) {
            this.next = next;
        }

        synchronized List<ProcessVerdict> verdicts() {
            List<ProcessVerdict> out = new ArrayList<>(verdicts.size());
            verdicts.values().stream().filter(v -> v != null).forEach(out::add);
            return out;
        }

        @Override
        public void polled(List<SyscallEvent> events) {
            next.polled(events);
        }

        @Override
        public void processStarted(String processKey) {
            synchronized (this) {
                verdicts.put(processKey, null);
            }
            next.processStarted(processKey);
        }

        @Override
        public void refused(String abi, String reason) {
            next.refused(abi, reason);
        }

        @Override
        public void alarm(Alarm alarm) {
            next.alarm(alarm);
        }

        @Override
        public void verdict(ProcessVerdict verdict) {
            synchronized (this) {
                verdicts.put(verdict.processId(), verdict);
            }
            next.verdict(verdict);
        }

        @Override
        public void error(RuntimeException error) {
            next.error(error);
        }
    }
}
