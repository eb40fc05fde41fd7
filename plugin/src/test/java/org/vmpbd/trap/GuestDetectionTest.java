package org.vmpbd.trap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.FrameRule;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.trap.gdbstub.GdbstubDriver;
import org.vmpbd.trap.testing.GuestVm;

/**
 * End to end on a real guest: the stock gdbstub driver captures the guest's normal workload, a
 * model is trained on it, and the same guest image running an attack-like workload is flagged —
 * the attack process, not the normal programs around it.
 */
class GuestDetectionTest {
    private static final GdbstubDriver DRIVER = new GdbstubDriver();

    @BeforeAll
    static void needQemuAndGuest() {
        GuestVm.assumeAvailable();
    }

    private static List<ProcessTrace> capture(String workload, int n) throws Exception {
        try (GuestVm vm = GuestVm.start(workload, n, false)) {
            vm.await("VMPBD_READY " + workload, Duration.ofSeconds(60));
            List<SyscallEvent> events = new ArrayList<>();
            try (TrapSession s = DRIVER.open(vm.target(Map.of()))) {
                s.enable();
                vm.send("go");
                vm.await("VMPBD_WORKLOAD_DONE", Duration.ofSeconds(240));
                s.disable();
                while (true) {
                    List<SyscallEvent> got = s.poll(10_000, Duration.ofMillis(300));
                    if (got.isEmpty()) {
                        break;
                    }
                    events.addAll(got);
                }
                assertTrue(s.stats().dropped() == 0, "no drops: " + s.stats());
            }
            return traces(events);
        }
    }

    private static List<ProcessTrace> traces(List<SyscallEvent> events) {
        Abi abi = Abis.byName(Abis.LINUX_X86_64);
        Map<String, List<Integer>> byProcess = new LinkedHashMap<>();
        for (SyscallEvent e : events) {
            if (e.abi().equals(abi.name())) {
                byProcess.computeIfAbsent(e.processKey(), k -> new ArrayList<>()).add(e.nr());
            }
        }
        List<ProcessTrace> out = new ArrayList<>();
        byProcess.forEach((key, nrs) -> out.add(new ProcessTrace(key, abi, nrs.stream().mapToInt(Integer::intValue).toArray(),
            "gdbstub capture")));
        return out;
    }

    private static String comm(String processKey) {
        return processKey.split("/")[2];
    }

    @Test
    void aModelOfTheGuestsNormalWorkloadFlagsTheAttackAndNotTheNormalPrograms() throws Exception {
        List<ProcessTrace> normal = capture("normal", 12);
        assertTrue(normal.size() > 20, "normal workload processes: " + normal.size());
        DetectionModel model = new ModelTrainer().train(normal, TrainingOptions.defaults());
        Detector detector = new Detector(model, IndexKind.SUBSET, new FrameRule(4, 20), 0.6);

        List<ProcessTrace> attackRun = capture("attack", 0);
        Map<String, ProcessVerdict> verdicts = new LinkedHashMap<>();
        for (ProcessTrace t : attackRun) {
            verdicts.put(t.id(), detector.score(t));
        }
        String summary = verdicts.entrySet().stream()
            .map(e -> e.getKey() + (e.getValue().anomalous() ? " ANOMALOUS" : " normal") + " misses=" + e.getValue().misses()
                + "/" + e.getValue().windows())
            .collect(Collectors.joining("\n  "));
        System.out.println("model: " + normal.size() + " processes, " + model.library().rows() + " windows; attack run:\n  "
            + summary);
        List<String> attack = verdicts.keySet().stream().filter(k -> comm(k).equals("attack")).toList();
        assertFalse(attack.isEmpty(), "the attack process was captured:\n  " + summary);
        assertTrue(attack.stream().allMatch(k -> verdicts.get(k).anomalous()), "attack flagged:\n  " + summary);
        for (String program : List.of("cat", "ls", "grep")) {
            verdicts.forEach((k, v) -> {
                if (comm(k).equals(program)) {
                    assertFalse(v.anomalous(), program + " is part of the normal workload: " + k + "\n  " + summary);
                }
            });
        }
    }
}
