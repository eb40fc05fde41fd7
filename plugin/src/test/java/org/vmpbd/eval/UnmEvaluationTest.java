package org.vmpbd.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.ModelTrainer;

/**
 * The evaluation on a fixed small subset of the UNM datasets (login, ps, and lpr-unm capped at 600
 * training and 600 normal test processes), seed 1, default settings, with bounds on what it must
 * find. The full tables come from {@code vmpbd evaluate --all}, not from here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnmEvaluationTest {
    private ProgramResult login;
    private ProgramResult ps;
    private ProgramResult lpr;

    private static Path unm() {
        String shared = System.getProperty("vmpbd.shared", "../../shared");
        return Path.of(shared).resolve("datasets/unm").toAbsolutePath().normalize();
    }

    @BeforeAll
    void evaluate(@TempDir Path out) throws IOException {
        Path unm = unm();
        Assumptions.assumeTrue(Files.isDirectory(unm.resolve("login")), "UNM datasets not found at " + unm + ": skipping");
        EvaluationOptions base = EvaluationOptions.defaults().withThreads(2).withCaps(0, 0, 50_000);
        ProgramEvaluator evaluator = new ProgramEvaluator(new ModelTrainer());
        ExperimentLoader loader = new ExperimentLoader();
        login = run(evaluator, loader, DatasetLayout.program(unm.resolve("login")).get(0), base, out);
        ps = run(evaluator, loader, DatasetLayout.program(unm.resolve("ps")).get(0), base, out);
        Experiment lprUnm = DatasetLayout.program(unm.resolve("lpr")).stream()
            .filter(e -> e.name().equals("lpr-unm")).findFirst().orElseThrow();
        lpr = run(evaluator, loader, lprUnm, base.withCaps(600, 600, 50_000), out);
        ReportWriter.writeSummary(new SummaryResult("test", base, List.of(login, ps, lpr), List.of(), 0), out);
        assertTrue(Files.exists(out.resolve("summary.md")));
    }

    private static ProgramResult run(ProgramEvaluator evaluator, ExperimentLoader loader, Experiment e,
                                     EvaluationOptions o, Path out) throws IOException {
        ProgramEvaluator.Evaluation ev = evaluator.evaluate(loader.load(e), o, ProgressSink.NONE);
        Path dir = ReportWriter.writeProgram(ev, out);
        assertTrue(Files.size(dir.resolve("roc.png")) > 0);
        return ev.result();
    }

    private static void frameAtLeastStide(ProgramResult r) {
        DetectorResult stide = r.detector(ProgramEvaluator.STIDE);
        DetectorResult frame = r.detector(ProgramEvaluator.FRAME);
        for (int i = 0; i < stide.intrusions().size(); i++) {
            if (stide.intrusions().get(i).detected()) {
                assertTrue(frame.intrusions().get(i).detected(), r.data().name() + ": stide detects "
                    + stide.intrusions().get(i).name() + " but the frame rule does not");
            }
        }
        assertTrue(frame.intrusionsDetected() >= stide.intrusionsDetected(), r.data().name());
    }

    @Test
    void loginFrameRuleFindsBothTrojans() {
        assertEquals(12, login.split().train());
        assertEquals(13, login.data().intrusionProcesses());
        frameAtLeastStide(login);
        DetectorResult frame = login.detector(ProgramEvaluator.FRAME);
        assertEquals(2, frame.intrusionsDetected());
        assertEquals(0, frame.falsePositives());
        // measured with seed 1: frame AUC 0.731, mean-score AUC 0.724
        assertTrue(frame.roc().auc() >= 0.68, "AUC " + frame.roc().auc());
        assertTrue(login.meanRoc().auc() >= 0.68, "AUC " + login.meanRoc().auc());
    }

    @Test
    void psNoFalseAlarmsAndRankingAboveChance() {
        assertEquals(26, ps.data().intrusionProcesses());
        frameAtLeastStide(ps);
        assertEquals(0, ps.detector(ProgramEvaluator.FRAME).falsePositives());
        assertEquals(0, ps.detector(ProgramEvaluator.STIDE).falsePositives());
        // measured with seed 1: mean-score AUC 0.978, stide AUC 1.000
        assertTrue(ps.meanRoc().auc() >= 0.9, "AUC " + ps.meanRoc().auc());
        assertTrue(ps.detector(ProgramEvaluator.STIDE).roc().auc() >= 0.9);
        DetectorResult cons = ps.detector(ProgramEvaluator.CONSECUTIVE);
        assertTrue(cons.cannotFire(), "ps intrusions never miss the library 3M times in a row");
        assertEquals(0, cons.truePositives());
    }

    @Test
    void lprSubsetDetectsTheAttackRun() {
        assertEquals(600, lpr.split().train());
        assertEquals(600, lpr.split().test());
        assertEquals(1, lpr.data().intrusions());
        assertEquals(IntrusionGrouping.WHOLE_SET.name(), lpr.data().grouping());
        frameAtLeastStide(lpr);
        DetectorResult frame = lpr.detector(ProgramEvaluator.FRAME);
        DetectorResult stide = lpr.detector(ProgramEvaluator.STIDE);
        // measured with seed 1: both FPR 6/600, frame TPR 1001/1001 and AUC 0.992, stide AUC 0.993
        assertEquals(1, frame.intrusionsDetected());
        assertTrue(frame.tpr() >= 0.99, "TPR " + frame.tpr());
        assertTrue(frame.fpr() <= 0.02, "FPR " + frame.fpr());
        assertTrue(stide.fpr() <= 0.02, "FPR " + stide.fpr());
        assertTrue(frame.roc().auc() >= 0.95, "AUC " + frame.roc().auc());
        assertTrue(lpr.detector(ProgramEvaluator.CONSECUTIVE).cannotFire());
    }

    @Test
    void tablesOneAndFour() {
        for (ProgramResult r : List.of(login, ps, lpr)) {
            assertEquals(List.of(3, 6, 10), r.similarity().stream().map(SimilarityRow::m).toList());
            for (SimilarityRow row : r.similarity()) {
                assertTrue(row.normalMean() > row.intrusionMean(), r.data().name() + " M=" + row.m());
            }
            assertTrue(r.storage().csrBytes() < r.storage().denseBytes());
            assertTrue(r.storage().indexes().stream().allMatch(StorageTiming.IndexTiming::identical),
                r.data().name() + ": every index gives the same b_k");
        }
    }
}
