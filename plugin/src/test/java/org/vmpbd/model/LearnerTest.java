package org.vmpbd.model;

import org.vmpbd.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.demo.SyntheticWorkload;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.trap.SyscallEvent;

class LearnerTest {
    private static final String IMAGE = "ubuntu-22.04";
    private static final ModelKey NGINX = new ModelKey(IMAGE, "nginx");
    private static final ModelKey WIDE = ModelKey.imageWide(IMAGE);
    private static final CaptureInfo ALL_CALLS = CaptureInfo.unfiltered(Fixtures.X64);

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock();

    private ModelStore store() {
        return new ModelStore(root, clock);
    }

    private static LearningSettings settings() {
        return LearningSettings.defaults(Fixtures.X64).withConvergence(10, 1.0, 3);
    }

    /** Records what the learner reports. */
    private static final class Reports implements Learner.Listener {
        final Map<ModelKey, List<Learner.BatchReport>> batches = new HashMap<>();
        final Map<ModelKey, KeyIndex.Version> ended = new HashMap<>();
        final List<String> refused = new ArrayList<>();

        @Override
        public void batch(ModelKey key, Learner.BatchReport report) {
            batches.computeIfAbsent(key, k -> new ArrayList<>()).add(report);
        }

        @Override
        public void ended(ModelKey key, KeyIndex.Version version) {
            ended.put(key, version);
        }

        @Override
        public void refused(String abi, String reason) {
            refused.add(reason);
        }
    }

    /** Feeds processes until the learner is done; returns how many it took. */
    private static int feed(Learner learner, List<LearnedProcess> processes) throws IOException {
        int fed = 0;
        for (LearnedProcess p : processes) {
            if (learner.done()) {
                break;
            }
            learner.acceptFinished(p);
            fed++;
        }
        return fed;
    }

    @Test
    void learningNginxConvergesWithinABoundedNumberOfProcessesAndTheLibraryStopsGrowing() throws IOException {
        List<LearnedProcess> nginx = Fixtures.program("nginx", 400, 11);
        Reports reports = new Reports();
        int fed;
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), settings(), ALL_CALLS, "ops",
            reports)) {
            fed = feed(learner, nginx);
            assertTrue(learner.done());
        }
        assertTrue(fed <= 200, "converged after " + fed + " processes");
        assertEquals(0, fed % 10, "convergence is decided at the end of a batch");

        List<Learner.BatchReport> batches = reports.batches.get(NGINX);
        assertEquals(fed / 10, batches.size());
        for (Learner.BatchReport b : batches.subList(batches.size() - 3, batches.size())) {
            assertTrue(b.stable() && b.growth() < 1.0, b.toString());
        }
        assertFalse(batches.get(batches.size() - 4).stable(), "three in a row, not more: " + batches);
        assertTrue(batches.get(0).growth() > 10, "the first batch grows the library a lot: " + batches.get(0));

        KeyIndex.Version v = reports.ended.get(NGINX);
        assertEquals(ModelState.CANDIDATE, v.state(), "manual promotion by default");
        assertEquals(Boolean.TRUE, v.converged());
        assertTrue(v.endReason().startsWith("converged"), v.endReason());
        assertEquals(fed, v.training().processes());
        assertEquals(fed, v.training().corpusProcesses());
        int converged = v.training().libraryWindows();
        assertEquals(batches.get(batches.size() - 1).libraryWindows(), converged, "the measured set is the library");

        KeyIndex idx = store().index(NGINX);
        assertEquals(fed, idx.corpus().processes());
        assertEquals(fed / 10, idx.corpus().segments().size(), "one corpus segment per batch");
        assertEquals(fed, idx.version(1).orElseThrow().learning().processes());

        // the library has stopped growing: the processes after convergence grow it by less than g per 1000 windows
        List<ProcessTrace> all = new ArrayList<>();
        long laterWindows = 0;
        for (LearnedProcess p : nginx) {
            all.add(new ProcessTrace(p.pid() + "", Fixtures.X64, p.calls(), "t"));
            laterWindows += all.size() > fed ? p.calls().length - 5 : 0;
        }
        int more = new ModelTrainer().train(all, settings().trainingOptions("")).library().rows();
        double later = 1000.0 * (more - converged) / laterWindows;
        assertTrue(later < 1.0, "library " + converged + " after " + fed + " processes, " + more + " after "
            + all.size() + ": " + later + " new windows per 1000 after convergence");
    }

    @Test
    void retrainRebuildsTheLearntModelBitForBitFromTheStoredCorpus() throws IOException {
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), settings(), ALL_CALLS, "ops",
            null)) {
            feed(learner, Fixtures.program("nginx", 400, 11));
        }
        DetectionModel learnt = store().load(NGINX, 1);
        KeyIndex.Version again = store().retrain(NGINX, null, null, "ops");
        assertEquals(2, again.version());
        assertEquals("retrained", again.origin());
        assertEquals(ModelState.CANDIDATE, again.state());
        DetectionModel retrained = store().load(NGINX, 2);
        assertEquals(learnt.training(), retrained.training());
        assertEquals(store().index(NGINX).version(1).orElseThrow().sha256(), again.sha256(), "identical model files");

        KeyIndex.Version m4 = store().retrain(NGINX, 4, null, "ops");
        assertEquals(4, store().load(NGINX, m4.version()).m());
    }

    @Test
    void autoPromotionOnConvergenceMakesTheModelActiveAndSelectable() throws IOException {
        LearningSettings s = settings().withPromotion(LearningSettings.Promotion.ON_CONVERGENCE);
        Reports reports = new Reports();
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), s, ALL_CALLS, "ops",
            reports)) {
            feed(learner, Fixtures.program("nginx", 400, 11));
        }
        KeyIndex.Version v = reports.ended.get(NGINX);
        assertEquals(ModelState.ACTIVE, v.state());
        assertEquals("ops", v.promoted().by());
        assertTrue(v.promoted().why().startsWith("promoted by rule: converged"), v.promoted().why());
        assertEquals(NGINX, new ModelSelector(store()).select(IMAGE, "nginx", ALL_CALLS).orElseThrow().key());
    }

    @Test
    void theTimeLimitEndsLearningUnconvergedOnAFakeClock() throws IOException {
        LearningSettings s = settings().withConvergence(10, 1e-9, 3).withTimeLimit(Duration.ofHours(1))
            .withPromotion(LearningSettings.Promotion.ON_CONVERGENCE);
        Reports reports = new Reports();
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), s, ALL_CALLS, "ops",
            reports)) {
            feed(learner, Fixtures.program("nginx", 15, 11));
            learner.tick();
            assertFalse(learner.done(), "not yet");
            clock.advance(Duration.ofMinutes(59));
            learner.tick();
            assertFalse(learner.done(), "still not");
            clock.advance(Duration.ofMinutes(1));
            learner.tick();
            assertTrue(learner.done());
        }
        KeyIndex.Version v = reports.ended.get(NGINX);
        assertEquals(ModelState.CANDIDATE, v.state(), "on-convergence promotion does not promote an unconverged model");
        assertEquals(Boolean.FALSE, v.converged());
        assertEquals("time limit of PT1H reached", v.endReason());
        assertEquals(15, v.training().processes(), "the incomplete batch is learnt too");
        assertEquals(15, store().index(NGINX).corpus().processes());
    }

    @Test
    void theTimeLimitCountsFromTheStartAcrossRestartsAndAlwaysPromotes() throws IOException {
        LearningSettings s = settings().withConvergence(10, 1e-9, 3).withTimeLimit(Duration.ofHours(1))
            .withPromotion(LearningSettings.Promotion.ALWAYS);
        List<LearnedProcess> nginx = Fixtures.program("nginx", 30, 11);
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), s, ALL_CALLS, "ops", null)) {
            feed(learner, nginx.subList(0, 12));
        }
        assertEquals(ModelState.LEARNING, store().index(NGINX).version(1).orElseThrow().state());
        clock.advance(Duration.ofMinutes(61));
        Reports reports = new Reports();
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), s, ALL_CALLS, "ops",
            reports)) {
            assertTrue(learner.done(), "a resumed run past its time limit ends at once");
        }
        KeyIndex.Version v = reports.ended.get(NGINX);
        assertEquals(ModelState.ACTIVE, v.state());
        assertEquals(Boolean.FALSE, v.converged());
        assertEquals(12, v.training().processes());
    }

    @Test
    void aResumedRunMakesTheSameBatchesAsAnUninterruptedOne() throws IOException {
        List<LearnedProcess> nginx = Fixtures.program("nginx", 400, 11);
        Reports straight = new Reports();
        ModelStore other = new ModelStore(root.resolve("other"), clock);
        try (Learner learner = new Learner(other, LearningScope.program(IMAGE, "nginx"), settings(), ALL_CALLS, "ops",
            straight)) {
            feed(learner, nginx);
        }

        Reports first = new Reports();
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), settings(), ALL_CALLS, "ops",
            first)) {
            feed(learner, nginx.subList(0, 25));
        }
        KeyIndex idx = store().index(NGINX);
        assertEquals(ModelState.LEARNING, idx.version(1).orElseThrow().state());
        assertEquals(List.of(10, 10, 5), idx.corpus().segments().stream().map(KeyIndex.Segment::processes).toList(),
            "closing stores the incomplete batch");
        assertEquals(2, idx.version(1).orElseThrow().learning().batches());

        Reports second = new Reports();
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), settings(), ALL_CALLS, "ops",
            second)) {
            feed(learner, nginx.subList(25, nginx.size()));
        }
        List<Learner.BatchReport> resumed = new ArrayList<>(first.batches.get(NGINX));
        resumed.addAll(second.batches.get(NGINX));
        assertEquals(straight.batches.get(NGINX), resumed);
        assertEquals(straight.ended.get(NGINX).training().digest(), second.ended.get(NGINX).training().digest());
        assertEquals(1, second.ended.get(NGINX).version(), "the same version resumed");
    }

    @Test
    void aNewRunOnALearntKeyStartsFromItsCorpusButNeedsItsOwnStableBatches() throws IOException {
        List<LearnedProcess> nginx = Fixtures.program("nginx", 400, 11);
        int firstRun;
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), settings(), ALL_CALLS, "ops",
            null)) {
            firstRun = feed(learner, nginx);
        }
        Reports reports = new Reports();
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), settings(), ALL_CALLS, "ops",
            reports)) {
            assertFalse(learner.done());
            int secondRun = feed(learner, nginx.subList(firstRun, nginx.size()));
            assertTrue(secondRun >= 30, "at least C batches of its own: " + secondRun);
        }
        KeyIndex.Version v2 = reports.ended.get(NGINX);
        assertEquals(2, v2.version());
        assertEquals(firstRun, v2.learning().firstProcess());
        assertEquals(store().index(NGINX).corpus().processes(), v2.training().processes(), "trained on the whole corpus");
    }

    @Test
    void trappedEventsAreGroupedIntoProcessesAndRoutedToTheProgramAndImageWideKeys() throws IOException {
        List<SyntheticWorkload.Process> procs = Fixtures.processes(20, 5);
        Reports reports = new Reports();
        LearningScope scope = new LearningScope(IMAGE, true, Set.of("nginx"));
        try (Learner learner = new Learner(store(), scope, settings().withConvergence(10, 1e-9, 3), ALL_CALLS, "ops",
            reports)) {
            for (SyscallEvent e : interleaved(procs)) {
                learner.accept(e);
            }
            learner.accept(new SyscallEvent("vm1", 0, 0, 77, "x", 1, 0, "linux-i386", null, 0));
            learner.accept(new SyscallEvent("vm1", 0, 0, 77, "x", 1, 0, "linux-i386", null, 0));
            assertEquals(2, learner.counts().refused());
            assertEquals(60, learner.counts().processes(), "each exit_group ended its process");
        }
        assertEquals(1, reports.refused.size(), "refused once per ABI: " + reports.refused);
        assertEquals(60, store().index(WIDE).corpus().processes());
        assertEquals(20, store().index(NGINX).corpus().processes());
        List<ProcessTrace> corpus = store().corpus(NGINX);
        assertTrue(corpus.stream().allMatch(t -> t.id().matches("vm1/\\d+/nginx/\\d+")), corpus.get(0).id());
        Map<Integer, int[]> byPid = new HashMap<>();
        procs.forEach(p -> byPid.put(p.pid(), p.calls()));
        for (ProcessTrace t : corpus) {
            assertArrayEquals(byPid.get(Integer.parseInt(t.id().split("/")[1])), t.calls(), t.id());
        }
        assertEquals(ModelState.LEARNING, store().index(WIDE).version(1).orElseThrow().state());
    }

    @Test
    void everyProgramGetsItsOwnKeyAsItAppearsAndConvergesOnItsOwn() throws IOException {
        List<LearnedProcess> mixed = new ArrayList<>();
        for (SyntheticWorkload.Process p : Fixtures.processes(400, 11)) {
            mixed.add(new LearnedProcess("vm1", p.pid(), p.comm(), p.calls()));
        }
        Reports reports = new Reports();
        try (Learner learner = new Learner(store(), LearningScope.everyProgram(IMAGE), settings(), ALL_CALLS, "ops",
            reports)) {
            feed(learner, mixed.subList(0, 45));
            assertEquals(List.of(WIDE, new ModelKey(IMAGE, "nginx"), new ModelKey(IMAGE, "sshd"),
                new ModelKey(IMAGE, "logrotate")), learner.keys(), "keys in the order their programs appeared");
        }
        assertEquals(15, store().index(NGINX).corpus().processes());
        assertTrue(reports.ended.isEmpty());

        try (Learner learner = new Learner(store(), LearningScope.everyProgram(IMAGE), settings(), ALL_CALLS, "ops",
            reports)) {
            assertEquals(4, learner.keys().size(), "the image's keys still learning are resumed at once");
            feed(learner, mixed.subList(45, mixed.size()));
            assertTrue(learner.done());
        }
        for (String comm : List.of("nginx", "sshd", "logrotate")) {
            KeyIndex.Version v = reports.ended.get(new ModelKey(IMAGE, comm));
            assertEquals(Boolean.TRUE, v.converged(), comm);
            assertEquals(1, v.version(), comm);
        }
        assertEquals(Boolean.TRUE, reports.ended.get(WIDE).converged());
        assertEquals(store().index(NGINX).corpus().processes(), reports.ended.get(NGINX).training().processes());
        assertTrue(store().corpus(NGINX).stream().allMatch(t -> t.id().contains("/nginx/")));
    }

    /** Round-robin bursts of 5 calls across the processes, as a guest's scheduler would interleave them. */
    private static List<SyscallEvent> interleaved(List<SyntheticWorkload.Process> procs) {
        List<SyscallEvent> out = new ArrayList<>();
        int[] next = new int[procs.size()];
        boolean more = true;
        while (more) {
            more = false;
            for (int i = 0; i < procs.size(); i++) {
                SyntheticWorkload.Process p = procs.get(i);
                for (int k = 0; k < 5 && next[i] < p.calls().length; k++) {
                    out.add(new SyscallEvent("vm1", 0, 0x1000L * p.pid(), p.pid(), p.comm(), p.start(),
                        p.calls()[next[i]++], Fixtures.X64.name(), null, out.size()));
                }
                more |= next[i] < p.calls().length;
            }
        }
        return out;
    }

    @Test
    void longProcessesAreCutWithoutLosingAWindowTheSameWayLiveAndRecorded() throws IOException {
        int[] calls = Fixtures.program("sshd", 3, 1).get(0).calls();
        assertTrue(calls.length > 120, "a long enough process: " + calls.length);
        int[] head = java.util.Arrays.copyOf(calls, 120);
        LearningSettings s = new LearningSettings(Fixtures.X64, 6, settings().idf(), null, 10, 1.0, 3,
            Duration.ofDays(1), 1_000_000, 50, LearningSettings.Promotion.MANUAL);
        ModelKey sshd = new ModelKey(IMAGE, "sshd");
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "sshd"), s, ALL_CALLS, "ops", null)) {
            learner.acceptFinished(new LearnedProcess("vm1", 9, "sshd", head));
        }
        ModelKey live = new ModelKey("live", "sshd");
        try (Learner learner = new Learner(store(), LearningScope.program("live", "sshd"), s, ALL_CALLS, "ops", null)) {
            for (int c : head) {
                learner.accept(new SyscallEvent("vm1", 0, 0, 9, "sshd", 1, c, Fixtures.X64.name(), null, 0));
            }
        }
        for (ModelKey k : List.of(sshd, live)) {
            List<ProcessTrace> parts = store().corpus(k);
            assertEquals(List.of(50, 50, 30), parts.stream().map(ProcessTrace::length).toList(), k.toString());
            assertArrayEquals(java.util.Arrays.copyOfRange(head, 45, 95), parts.get(1).calls());
            assertArrayEquals(java.util.Arrays.copyOfRange(head, 90, 120), parts.get(2).calls());
        }
        int whole = new ModelTrainer().train(List.of(new ProcessTrace("w", Fixtures.X64, head, "t")),
            s.trainingOptions("")).library().rows();
        store().retrain(sshd, null, null, "t");
        assertEquals(whole, store().index(sshd).version(2).orElseThrow().training().libraryWindows(),
            "cutting keeps every window");
    }

    @Test
    void theCorpusCapEndsLearning() throws IOException {
        LearningSettings s = settings().withConvergence(10, 1e-9, 3).withCorpusMaxCalls(5_000);
        Reports reports = new Reports();
        List<LearnedProcess> nginx = Fixtures.program("nginx", 100, 11);
        int fed;
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), s, ALL_CALLS, "ops",
            reports)) {
            fed = feed(learner, nginx);
        }
        KeyIndex.Version v = reports.ended.get(NGINX);
        assertEquals("corpus cap of 5000 calls reached", v.endReason());
        assertEquals(Boolean.FALSE, v.converged());
        long calls = store().index(NGINX).corpus().calls();
        long before = calls - nginx.get(fed - 1).calls().length;
        assertTrue(calls >= 5_000 && before < 5_000, calls + " calls, " + before + " before the last process");
    }

    @Test
    void filtersMustMatchBetweenSettingsCaptureAndCorpus() throws IOException {
        SyscallFilter f = Fixtures.filter("read,write,openat,close,epoll_wait,writev");
        FilterMismatchException e = assertThrows(FilterMismatchException.class, () -> new Learner(store(),
            LearningScope.program(IMAGE, "nginx"), settings().withFilter(f), ALL_CALLS, "ops", null));
        assertTrue(e.getMessage().contains("none (every call)") && e.getMessage().contains("{read,write"),
            e.getMessage());
        assertTrue(store().find(NGINX).isEmpty(), "nothing recorded");

        CaptureInfo filtered = new CaptureInfo(Fixtures.X64, f);
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), settings().withFilter(f),
            filtered, "ops", null)) {
            feed(learner, Fixtures.program("nginx", 400, 11));
        }
        DetectionModel model = store().load(NGINX, 1);
        assertEquals(f, model.filter().orElseThrow());
        FilterMismatchException corpus = assertThrows(FilterMismatchException.class, () -> new Learner(store(),
            LearningScope.program(IMAGE, "nginx"), settings(), ALL_CALLS, "ops", null));
        assertTrue(corpus.getMessage().contains("training corpus was captured"), corpus.getMessage());
        assertEquals(f, store().load(NGINX, store().retrain(NGINX, null, null, "t").version()).filter().orElseThrow(),
            "retrain keeps the corpus's filter");
    }

    @Test
    void oneLearnerPerKeyAndAStoppedRunCanBePromotedByHand() throws IOException {
        LearningSettings s = settings().withConvergence(10, 1e-9, 3);
        try (Learner learner = new Learner(store(), LearningScope.program(IMAGE, "nginx"), s, ALL_CALLS, "ops", null)) {
            feed(learner, Fixtures.program("nginx", 25, 11));
            ModelStoreException busy = assertThrows(ModelStoreException.class, () -> new Learner(store(),
                LearningScope.program(IMAGE, "nginx"), s, ALL_CALLS, "ops", null));
            assertTrue(busy.getMessage().contains("is being learnt by another learner"), busy.getMessage());
            ModelStoreException promote = assertThrows(ModelStoreException.class, () -> store().promote(NGINX, 1, "bob",
                ""));
            assertTrue(promote.getMessage().contains("running learner"), promote.getMessage());
        }
        ModelStoreException noCandidate = assertThrows(ModelStoreException.class, () -> store().promote(NGINX, null,
            "bob", ""));
        assertTrue(noCandidate.getMessage().contains("v1 is still learning"), noCandidate.getMessage());
        KeyIndex.Version v = store().promote(NGINX, 1, "bob", "enough");
        assertEquals(ModelState.ACTIVE, v.state());
        assertEquals(Boolean.FALSE, v.converged());
        assertEquals("stopped before convergence by bob: enough", v.endReason());
        assertEquals(25, v.training().processes());
    }

    @Test
    void aRunWithNoWindowEndsRetiredWithoutAModel() throws IOException {
        LearningSettings s = settings().withTimeLimit(Duration.ofMinutes(5));
        Reports reports = new Reports();
        try (Learner learner = new Learner(store(), LearningScope.imageWide(IMAGE), s, ALL_CALLS, "ops", reports)) {
            learner.acceptFinished(new LearnedProcess("vm1", 1, "true", new int[] {59, 12, 231}));
            clock.advance(Duration.ofMinutes(5));
            learner.tick();
        }
        KeyIndex.Version v = reports.ended.get(WIDE);
        assertEquals(ModelState.RETIRED, v.state());
        assertNull(v.file());
        assertTrue(v.endReason().contains("nothing learnt"), v.endReason());
        assertThrows(ModelStoreException.class, () -> store().load(WIDE, 1));
    }
}
