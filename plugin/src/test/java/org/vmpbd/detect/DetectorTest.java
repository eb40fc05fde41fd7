package org.vmpbd.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;

class DetectorTest {
    private final Abi abi = TestTraces.abi(30);
    private final List<ProcessTrace> train = TestTraces.markov(abi, 12, 30, 50, 400, 5);
    private final DetectionModel model = new ModelTrainer().train(train, new TrainingOptions(6, IdfVariant.SMOOTH, null, "t"));

    @Test
    void trainingTracesAreAllExactHits() {
        Detector d = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(18), 0.9);
        for (ProcessTrace t : train) {
            ProcessVerdict v = d.score(t);
            assertEquals(0, v.misses());
            assertEquals(t.length() - 5, v.windows());
            assertEquals(0.0, v.meanScore());
            assertFalse(v.anomalous());
        }
    }

    @Test
    void unseenCallsRaiseAnAlarmNamingTheirWindows() {
        int[] calls = new int[200];
        System.arraycopy(train.get(0).calls(), 0, calls, 0, 100);
        for (int i = 100; i < 200; i++) {
            calls[i] = 20 + (i % 7); // calls 20..26 never occur in training
        }
        ProcessVerdict v = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(18), 0.5)
            .score(new ProcessTrace("evil", abi, calls, "unit"));
        assertTrue(v.anomalous());
        Alarm a = v.alarms().get(0);
        assertEquals(18, a.windows().size());
        assertTrue(a.windows().stream().allMatch(w -> w.similarity() < 0.5));
        assertTrue(a.windows().get(17).calls()[5] >= 20);
    }

    @Test
    void aTraceShorterThanMIsNotScored() {
        ProcessVerdict v = new Detector(model, IndexKind.SCAN, new ConsecutiveRule(18), 0.5)
            .score(new ProcessTrace("short", abi, new int[] {1, 2, 3}, "unit"));
        assertFalse(v.scored());
        assertEquals(3, v.calls());
        assertTrue(Double.isNaN(v.meanScore()));
    }

    @Test
    void anotherAbiIsRefused() {
        Detector d = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(18), 0.5);
        ProcessTrace other = new ProcessTrace("x", Abis.byName(Abis.LINUX_X86_64), new int[] {0, 1, 2, 3, 4, 5, 6}, "f.jsonl");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.score(other));
        assertTrue(e.getMessage().contains("linux-x86_64") && e.getMessage().contains("test-30"), e.getMessage());
    }

    @Test
    void aCallOutsideTheAbiIsRefused() {
        ProcessScorer s = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(18), 0.5).newProcess("p");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.accept(31));
        assertTrue(e.getMessage().contains("31") && e.getMessage().contains("process p"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.accept(-1));
    }

    @Test
    void aFinishedScorerRefusesCallsAndStillAnswers() {
        Detector d = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(18), 0.5);
        ProcessScorer s = d.newProcess("p");
        int[] calls = train.get(0).calls();
        s.accept(calls, 0, calls.length, a -> { });
        ProcessVerdict v = s.finish();
        assertEquals(v, s.verdict());
        assertEquals(v, s.finish());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.accept(1));
        assertTrue(e.getMessage().contains("process p is finished"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.accept(calls, 0, 1, a -> { }));
    }

    /** Count arrays go back to the detector's pool at finish: the next process starts from zero. */
    @Test
    void aRecycledCountArrayStartsFromZero() {
        Detector d = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(18), 0.5);
        List<ProcessTrace> test = TestTraces.markov(abi, 20, 6, 100, 300, 8);
        List<ProcessVerdict> fresh = new ArrayList<>();
        for (ProcessTrace t : test) {
            // a new detector each time: a new pool, so new arrays
            fresh.add(new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(18), 0.5).score(t));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < test.size(); i++) {
                assertEquals(fresh.get(i), d.score(test.get(i)), "round " + round + " " + test.get(i).id());
            }
        }
        assertTrue(fresh.stream().anyMatch(v -> v.misses() > 0), "misses read the counts");
    }

    @Test
    void filteredModelDropsOtherCalls() {
        int[] keep = new int[12];
        for (int i = 0; i < 12; i++) {
            keep[i] = i;
        }
        DetectionModel filtered = new ModelTrainer().train(train,
            new TrainingOptions(6, IdfVariant.SMOOTH, new SyscallFilter(abi, keep), "t"));
        int[] calls = train.get(1).calls().clone();
        int[] noisy = new int[calls.length * 2];
        for (int i = 0; i < calls.length; i++) {
            noisy[2 * i] = calls[i];
            noisy[2 * i + 1] = 29;
        }
        ProcessVerdict v = new Detector(filtered, IndexKind.SUBSET, new ConsecutiveRule(18), 0.5)
            .score(new ProcessTrace("n", abi, noisy, "unit"));
        assertEquals(calls.length, v.dropped());
        assertEquals(0, v.misses());
    }

    @Test
    void allIndexesGiveTheSameVerdicts() {
        List<ProcessTrace> test = TestTraces.markov(abi, 14, 20, 50, 300, 99);
        List<List<ProcessVerdict>> byIndex = new ArrayList<>();
        for (IndexKind k : IndexKind.values()) {
            byIndex.add(new BatchDetector(new Detector(model, k, new FrameRule(4, 20), 0.7), 1).detect(test));
        }
        assertEquals(byIndex.get(0), byIndex.get(1));
        assertEquals(byIndex.get(0), byIndex.get(2));
    }

    @Test
    void twoThreadsAndOneThreadAgree() {
        List<ProcessTrace> test = TestTraces.markov(abi, 14, 40, 50, 300, 77);
        Detector d = new Detector(model, IndexKind.SUBSET, new FrameRule(4, 20), 0.7);
        assertEquals(new BatchDetector(d, 1).detect(test).toString(), new BatchDetector(d, 2).detect(test).toString());
    }

    /**
     * A lane held up (its verdict sink waits) while whole runs of calls, bad calls among them, queue
     * behind: it then takes them as runs, with the verdicts, alarms and errors of one at a time.
     */
    @Test
    void streamingRunsTakenAtOnceMatchBatch() throws Exception {
        List<ProcessTrace> test = TestTraces.markov(abi, 14, 6, 150, 300, 21);
        Detector d = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(6), 0.7);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Map<String, ProcessVerdict> streamed = new ConcurrentHashMap<>();
        List<Alarm> alarms = Collections.synchronizedList(new ArrayList<>());
        List<RuntimeException> errors = Collections.synchronizedList(new ArrayList<>());
        java.util.function.Consumer<ProcessVerdict> verdicts = v -> {
            if (v.processId().equals("gate")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            streamed.put(v.processId(), v);
        };
        try (StreamingDetector s = new StreamingDetector(d, 1, 4096, alarms::add, verdicts, errors::add)) {
            s.submit("gate", 1);
            s.end("gate");
            // runs of 1 to 90 calls of one process, round robin; a bad call inside a run of p1
            int[] pos = new int[test.size()];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
            boolean more = true;
            boolean badSent = false;
            while (more) {
                more = false;
                for (int p = 0; p < test.size(); p++) {
                    ProcessTrace t = test.get(p);
                    int to = Math.min(t.length(), pos[p] + 1 + rnd.nextInt(90));
                    while (pos[p] < to) {
                        s.submit(t.id(), t.calls()[pos[p]++]);
                        if (p == 1 && !badSent && pos[p] > 40) {
                            s.submit(t.id(), 999);
                            badSent = true;
                        }
                    }
                    more |= pos[p] < t.length();
                }
            }
            for (ProcessTrace t : test) {
                s.end(t.id());
            }
            release.countDown();
        }
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getMessage().contains("999") && errors.get(0).getMessage().contains("p1"));
        List<Alarm> expectedAlarms = new ArrayList<>();
        for (ProcessVerdict expected : new BatchDetector(d, 1).detect(test)) {
            assertEquals(expected, streamed.get(expected.processId()));
            expectedAlarms.addAll(expected.alarms());
        }
        assertTrue(expectedAlarms.size() > 0, "the test traces raise alarms");
        assertEquals(new HashSet<>(expectedAlarms), new HashSet<>(alarms));
        assertEquals(expectedAlarms.size(), alarms.size());
    }

    @Test
    void streamingInterleavedProcessesMatchBatch() throws Exception {
        List<ProcessTrace> test = TestTraces.markov(abi, 14, 25, 50, 300, 13);
        Detector d = new Detector(model, IndexKind.SUBSET, new FrameRule(4, 20), 0.7);
        Map<String, ProcessVerdict> streamed = new ConcurrentHashMap<>();
        List<Alarm> alarms = Collections.synchronizedList(new ArrayList<>());
        List<RuntimeException> errors = Collections.synchronizedList(new ArrayList<>());
        try (StreamingDetector s = new StreamingDetector(d, 2, 64, alarms::add, v -> streamed.put(v.processId(), v),
            errors::add)) {
            int[] pos = new int[test.size()];
            boolean more = true;
            while (more) {
                more = false;
                for (int p = 0; p < test.size(); p++) {
                    ProcessTrace t = test.get(p);
                    if (pos[p] < t.length()) {
                        s.submit(t.id(), t.calls()[pos[p]++]);
                        more = true;
                    } else if (pos[p] == t.length()) {
                        s.end(t.id());
                        pos[p]++;
                    }
                }
            }
            s.submit("bad", 999);
        }
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getMessage().contains("999"));
        long batchAlarms = 0;
        for (ProcessVerdict expected : new BatchDetector(d, 1).detect(test)) {
            assertEquals(expected.toString(), streamed.get(expected.processId()).toString());
            batchAlarms += expected.alarms().size();
        }
        assertEquals(batchAlarms, alarms.size());
    }
}
