package org.vmpbd.trap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.demo.EventLogWriter;
import org.vmpbd.demo.SyntheticWorkload;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.AlarmRule;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.abi.SocketCallMode;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.trap.replay.ReplayDriver;

class TrapPumpTest {
    private static final Abi X64 = Abis.byName(Abis.LINUX_X86_64);
    private static final Abi I386 = Abis.byName(Abis.LINUX_I386);

    /** Collects what the pump reports. */
    private static final class Collector implements PumpListener {
        final Map<String, ProcessVerdict> verdicts = new ConcurrentHashMap<>();
        final List<Alarm> alarms = Collections.synchronizedList(new ArrayList<>());
        final List<String> refusals = new ArrayList<>();
        final List<String> started = new ArrayList<>();
        final Map<String, BudgetEffect> effects = new ConcurrentHashMap<>();
        final List<String> unscored = Collections.synchronizedList(new ArrayList<>());
        int duplicates;

        @Override
        public void processStarted(String processKey) {
            started.add(processKey);
        }

        @Override
        public void refused(String abi, String reason) {
            refusals.add(abi + ": " + reason);
        }

        @Override
        public void alarm(Alarm alarm) {
            alarms.add(alarm);
        }

        @Override
        public void verdict(ProcessVerdict verdict) {
            if (verdicts.put(verdict.processId(), verdict) != null) {
                duplicates++;
            }
        }

        @Override
        public void verdict(ProcessVerdict verdict, BudgetEffect effect) {
            if (verdict == null) {
                assertFalse(effect.scored());
                unscored.add(effect.describe());
            } else {
                assertTrue(effect.scored());
                verdict(verdict);
            }
            String id = verdict == null ? "unscored#" + unscored.size() : verdict.processId();
            if (effects.put(id, effect) != null) {
                duplicates++;
            }
        }
    }

    /** Emits a fixed list of events, then is finished. */
    private static final class ListSession extends DriverSession {
        private final List<SyscallEvent> events;

        ListSession(List<SyscallEvent> events) {
            super("list", events.size() + 1);
            this.events = events;
        }

        @Override
        protected void produce() throws InterruptedException {
            for (SyscallEvent e : events) {
                if (!awaitEnabled()) {
                    return;
                }
                emit(e);
            }
        }
    }

    private static SyscallEvent event(int pid, long generation, int nr, String abi) {
        return new SyscallEvent("vm", 0, 0x1000L * (pid + 1), pid, "p", generation, nr, abi, null, 0);
    }

    private static Detector detector(List<ProcessTrace> normal) {
        DetectionModel model = new ModelTrainer().train(normal, new TrainingOptions(6, IdfVariant.SMOOTH, null, "t"));
        return new Detector(model, IndexKind.SUBSET, AlarmRule.parse("frame", model.m()), 0.6);
    }

    private static PumpStats pump(List<SyscallEvent> events, Detector detector, TrapPump.Options options,
                                  PumpListener listener) throws Exception {
        return pump(events, detector, options, listener, null);
    }

    private static PumpStats pump(List<SyscallEvent> events, Detector detector, TrapPump.Options options,
                                  PumpListener listener, TrapBudget budget) throws Exception {
        try (ListSession session = new ListSession(events)) {
            session.enable();
            return new TrapPump(session, detector, options, listener, budget).run();
        }
    }

    /** A fake clock: each reading advances it by {@code step} ns (the pump reads it once per event). */
    private static java.util.function.LongSupplier ticking(long step) {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        return () -> now.addAndGet(step);
    }

    /** Six processes of 10 calls each, interleaved call by call, plus a second generation of pid 1. */
    private static List<SyscallEvent> sixProcesses(int[] calls) {
        List<SyscallEvent> events = new ArrayList<>();
        for (int nr : calls) {
            for (int pid = 1; pid <= 6; pid++) {
                events.add(event(pid, 1, nr, X64.name()));
            }
        }
        for (int nr : calls) {
            events.add(event(1, 2, nr, X64.name()));
        }
        return events;
    }

    @Test
    void underBudgetTheVerdictsAreThoseWithoutABudget() throws Exception {
        int[] calls = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1};
        Detector detector = detector(List.of(new ProcessTrace("n", X64, new int[] {0, 1, 2, 3, 0, 1, 2, 3}, "t")));
        List<SyscallEvent> events = sixProcesses(calls);
        events.add(event(6, 1, 4, X64.name())); // an unknown call: an alarm-free miss, same either way
        Collector plain = new Collector();
        PumpStats without = pump(events, detector, TrapPump.Options.defaults(), plain);
        for (TrapBudget.Mode mode : TrapBudget.Mode.values()) {
            Collector budgeted = new Collector();
            // 1000 events/s at a budget of 1000: never over
            PumpStats with = pump(events, detector, TrapPump.Options.defaults(), budgeted,
                new TrapBudget(1000, mode, new int[] {0}, ticking(1_000_000L), null));
            assertEquals(without, with);
            assertEquals(plain.verdicts, budgeted.verdicts);
            assertEquals(plain.started, budgeted.started);
            assertTrue(budgeted.effects.isEmpty());
            assertTrue(budgeted.unscored.isEmpty());
        }
        assertEquals(7, plain.verdicts.size());
    }

    @Test
    void overBudgetSampleReportsShedProcessesAsNotScoredNeverAsNormal() throws Exception {
        int[] calls = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1};
        Detector detector = detector(List.of(new ProcessTrace("n", X64, calls, "t")));
        Collector c = new Collector();
        // fixed clock: the bucket holds 8 tokens; the first 8 events start pids 1..6 and take 2 of pid 1's and
        // pid 2's second calls: pids 1..6 admitted (each first event found a token), then the bucket is empty,
        // so pid 1's second generation is shed whole
        PumpStats stats = pump(sixProcesses(calls), detector, TrapPump.Options.defaults(), c,
            new TrapBudget(8, TrapBudget.Mode.SAMPLE, null, () -> 42L, r -> "note " + (long) r));
        assertEquals(new PumpStats(70, 60, 0, 0, 7, 1, 10, 1), stats);
        assertEquals(6, c.verdicts.size());
        assertEquals(0, c.duplicates);
        assertFalse(c.verdicts.containsKey("vm/1/p/2"), "not scored: no verdict, in particular no normal one");
        assertFalse(c.started.contains("vm/1/p/2"));
        assertEquals(List.of("not scored: over budget; sampled: 6 of 7 processes scored while vm vm ran at 70"
            + " events/s over its budget of 8 (note 70)"), c.unscored);
        c.verdicts.values().forEach(v -> assertEquals(10, v.calls(), v.processId()));

        // a budget of 3: pids 1..3 admitted, 4..6 started over budget and shed whole
        Collector d = new Collector();
        stats = pump(sixProcesses(calls), detector, TrapPump.Options.defaults(), d,
            new TrapBudget(3, TrapBudget.Mode.SAMPLE, null, () -> 42L, null));
        assertEquals(new PumpStats(70, 30, 0, 0, 7, 1, 40, 4), stats);
        assertEquals(java.util.Set.of("vm/1/p/1", "vm/2/p/1", "vm/3/p/1"), d.verdicts.keySet());
        assertEquals(4, d.unscored.size());
        assertEquals(0, d.duplicates);
        // pids 4..6 end with the pump (7 processes seen by then); pid 1's second generation too
        d.unscored.forEach(u -> assertTrue(u.startsWith("not scored: over budget; sampled: 3 of 7 processes scored"
            + " while vm vm ran at 70 events/s over its budget of 3"), u));
        assertEquals(3 + 4, d.verdicts.size() + d.unscored.size(), "every process reported exactly once");
    }

    @Test
    void overBudgetFilterDropsOnlyCallsOutsideTheFilterAndSaysHowMany() throws Exception {
        int[] calls = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
        Detector detector = detector(List.of(new ProcessTrace("n", X64, calls, "t")));
        List<SyscallEvent> events = new ArrayList<>();
        for (int nr : calls) {
            events.add(event(5, 1, nr, X64.name()));
        }
        for (int nr : new int[] {0, 2, 3}) {
            events.add(event(6, 1, nr, X64.name())); // every call outside the filter, all over budget
        }
        Collector c = new Collector();
        PumpStats stats = pump(events, detector, TrapPump.Options.defaults(), c,
            new TrapBudget(3, TrapBudget.Mode.FILTER, new int[] {1}, () -> 7L, null));
        // pid 5: 3 calls on tokens, then of the 17 over budget only the four 1s kept: 7 scored, 13 dropped
        assertEquals(new PumpStats(23, 7, 0, 0, 2, 0, 16, 1), stats);
        ProcessVerdict v = c.verdicts.get("vm/5/p/1");
        assertEquals(7, v.calls());
        BudgetEffect e = c.effects.get("vm/5/p/1");
        assertEquals(13, e.shedCalls());
        assertEquals("filtered: 13 calls outside the filter dropped while vm vm ran at 23 events/s over its budget"
            + " of 3", e.describe());
        assertEquals(List.of("not scored: over budget; filtered: 3 calls outside the filter dropped while vm vm ran"
            + " at 23 events/s over its budget of 3"), c.unscored);
        assertEquals(List.of("vm/5/p/1"), c.started);
        assertEquals(0, c.duplicates);
    }

    @Test
    void replayedDemoWorkloadThroughThePumpFlagsTheInjectedAttacksOnly(@TempDir Path dir) throws Exception {
        SyntheticWorkload workload = new SyntheticWorkload(X64);
        List<ProcessTrace> train = new ArrayList<>();
        for (SyntheticWorkload.Process p : workload.normal(40, 7, 1000)) {
            train.add(new ProcessTrace(p.comm() + "#" + p.pid(), X64, p.calls(), "synthetic"));
        }
        List<SyntheticWorkload.Process> test = new ArrayList<>(workload.normal(10, 8, 5000));
        List<SyntheticWorkload.Process> attacks = workload.attacks(9, 9000);
        test.addAll(attacks);
        Path log = dir.resolve("test.jsonl");
        new EventLogWriter().write(log, "demo", X64, test);
        Detector detector = detector(train);

        Collector c = new Collector();
        PumpStats stats;
        try (TrapSession session = new ReplayDriver().open(new TrapTarget("demo", Map.of("path", log.toString(),
            "format", "events", "abi", X64.name())))) {
            session.enable();
            stats = new TrapPump(session, detector, TrapPump.Options.defaults(), c).run();
            assertEquals(0, session.stats().dropped());
            assertEquals(session.stats().trapped(), stats.scored());
        }
        assertEquals(33, c.verdicts.size());
        assertEquals(0, c.duplicates);
        assertEquals(33, stats.processes());
        for (SyntheticWorkload.Process p : test) {
            ProcessVerdict v = c.verdicts.get("demo/" + p.pid() + "/" + p.comm() + "/" + p.start());
            assertEquals(p.calls().length, v.calls());
            assertEquals(p.attack() != null, v.anomalous(), v.processId() + " attack " + p.attack());
        }
        assertFalse(c.alarms.isEmpty(), "alarms reported as they happen");
    }

    @Test
    void aNewGenerationOfAPidEndsTheOldProcessAndLateEventsAreNotScored() throws Exception {
        int[] calls = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1};
        Detector detector = detector(List.of(new ProcessTrace("n", X64, calls, "t")));
        List<SyscallEvent> events = new ArrayList<>();
        for (int nr : calls) {
            events.add(event(5, 1, nr, X64.name()));
            events.add(event(6, 1, nr, X64.name()));
        }
        for (int nr : calls) {
            events.add(event(5, 2, nr, X64.name()));
        }
        events.add(event(5, 1, 3, X64.name()));
        Collector c = new Collector();
        PumpStats stats = pump(events, detector, TrapPump.Options.defaults(), c);
        assertEquals(new PumpStats(31, 30, 0, 1, 3, 1), stats);
        assertEquals(List.of("vm/5/p/1", "vm/6/p/1", "vm/5/p/2"), c.started);
        assertEquals(3, c.verdicts.size());
        assertEquals(0, c.duplicates);
        c.verdicts.values().forEach(v -> assertEquals(10, v.calls(), v.processId()));
    }

    @Test
    void eventsOfAnotherAbiAreRefusedClearlyUnlessMappingIsAllowed() throws Exception {
        // i386: 3 read, 4 write, 5 open, 6 close; x86_64: 0 read, 1 write, 2 open, 3 close
        Detector detector = detector(List.of(new ProcessTrace("n", I386, new int[] {5, 3, 4, 6, 5, 3, 4, 6, 5, 3},
            "t")));
        List<SyscallEvent> events = new ArrayList<>();
        for (int nr : new int[] {2, 0, 1, 3, 2, 0, 1, 3}) {
            events.add(event(7, 1, nr, X64.name()));
        }
        events.add(event(8, 1, 3, "linux-mips"));

        Collector refused = new Collector();
        PumpStats stats = pump(events, detector, TrapPump.Options.defaults(), refused);
        assertEquals(new PumpStats(9, 0, 9, 0, 0, 0), stats);
        assertEquals(2, refused.refusals.size(), "once per ABI: " + refused.refusals);
        assertTrue(refused.refusals.get(0).contains("linux-x86_64") && refused.refusals.get(0).contains("linux-i386"),
            refused.refusals.get(0));
        assertTrue(refused.refusals.get(1).contains("unknown ABI 'linux-mips'"), refused.refusals.get(1));

        Collector mapped = new Collector();
        stats = pump(events, detector, new TrapPump.Options(2, true, SocketCallMode.MULTIPLEXED), mapped);
        assertEquals(8, stats.scored());
        ProcessVerdict v = mapped.verdicts.get("vm/7/p/1");
        assertEquals(3, v.windows());
        assertEquals(0, v.misses(), "mapped into the model's numbering: every window is known");
    }
}
