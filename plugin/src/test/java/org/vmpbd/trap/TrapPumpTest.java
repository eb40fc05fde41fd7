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
        try (ListSession session = new ListSession(events)) {
            session.enable();
            return new TrapPump(session, detector, options, listener).run();
        }
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
