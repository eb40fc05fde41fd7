package org.vmpbd.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.detect.trace.Traces;

/** Every index returns the linear scan's maximum, bit for bit. */
class IndexEquivalenceTest {

    @ParameterizedTest(name = "M={0} alphabet={1} idf={2}")
    @CsvSource({"3,8,SMOOTH", "6,12,SMOOTH", "6,12,PAPER", "10,6,SMOOTH", "6,40,SMOOTH", "1,5,PAPER"})
    void randomLibrariesAndWindows(int m, int alphabet, IdfVariant idf) {
        Abi abi = TestTraces.abi(alphabet + 3);
        for (long seed = 1; seed <= 5; seed++) {
            List<ProcessTrace> train = TestTraces.markov(abi, alphabet, 20, 20, 300, seed);
            DetectionModel model = new ModelTrainer().train(train, new TrainingOptions(m, idf, null, "t"));
            assertAllIndexesAgree(model, new SplittableRandom(seed * 31), 400, alphabet + 3);
        }
    }

    @Test
    void quickTheoriesOverSeedsAndWindowLengths() {
        qt().withExamples(40).forAll(longs().between(1, 1_000_000), integers().between(1, 8))
            .checkAssert((seed, m) -> {
                Abi abi = TestTraces.abi(10);
                List<ProcessTrace> train = TestTraces.markov(abi, 7, 8, 10, 120, seed);
                IdfVariant idf = seed % 2 == 0 ? IdfVariant.PAPER : IdfVariant.SMOOTH;
                DetectionModel model = new ModelTrainer().train(train, new TrainingOptions(m, idf, null, "qt"));
                assertAllIndexesAgree(model, new SplittableRandom(seed), 50, 10);
            });
    }

    @Test
    void realUnmWindows() throws Exception {
        Path login = TestData.unm("login");
        Assumptions.assumeTrue(Files.isDirectory(login), "UNM datasets not found at " + login + ": skipping");
        Abi abi = Abis.byName(Abis.LINUX_I386);
        List<ProcessTrace> normal = Traces.read(login.resolve("normal"), "unm", abi);
        List<ProcessTrace> intrusion = Traces.read(login.resolve("intrusion"), "unm", abi);
        for (IdfVariant idf : IdfVariant.values()) {
            DetectionModel model = new ModelTrainer().train(normal, new TrainingOptions(6, idf, null, "login"));
            SimilarityIndex scan = IndexKind.SCAN.build(model.library(), model.weights());
            SimilarityIndex kd = IndexKind.KDTREE.build(model.library(), model.weights());
            SimilarityIndex sub = IndexKind.SUBSET.build(model.library(), model.weights());
            int compared = 0;
            for (ProcessTrace t : intrusion) {
                Detector d = new Detector(model, scan, new ConsecutiveRule(18), 0.5);
                compared += checkTrace(d, t, scan, kd, sub);
            }
            assertTrue(compared > 100, "compared only " + compared + " windows");
        }
    }

    /** M > 6 memoises candidates per window: a repeated window with new weights must stay exact. */
    @Test
    void memoisedCandidatesStayExactWhenWeightsChange() {
        Abi abi = TestTraces.abi(12);
        DetectionModel model = new ModelTrainer().train(TestTraces.markov(abi, 9, 20, 30, 300, 4),
            new TrainingOptions(10, IdfVariant.SMOOTH, null, "memo"));
        SimilarityIndex scan = IndexKind.SCAN.build(model.library(), model.weights());
        SimilarityIndex sub = IndexKind.SUBSET.build(model.library(), model.weights());
        SplittableRandom rnd = new SplittableRandom(8);
        int[][] windows = new int[20][10];
        for (int[] w : windows) {
            for (int j = 0; j < w.length; j++) {
                w[j] = rnd.nextInt(12);
            }
        }
        for (int round = 0; round < 30; round++) {
            for (int[] t : windows) {
                double[] b = new double[10];
                double sq = 0;
                for (int j = 0; j < 10; j++) {
                    b[j] = rnd.nextDouble() * model.weights().idf(t[j]);
                    sq += b[j] * b[j];
                }
                assertEquals(scan.maxSimilarity(t, b, Math.sqrt(sq)), sub.maxSimilarity(t, b, Math.sqrt(sq)), 0.0);
            }
        }
    }

    private static int checkTrace(Detector d, ProcessTrace t, SimilarityIndex... indexes) {
        int[] count = {0};
        SyscallWeights w = d.model().weights();
        int[] counts = new int[d.model().abi().size()];
        long[] total = {0};
        int m = d.model().m();
        for (int i = 0; i < t.length(); i++) {
            counts[t.calls()[i]]++;
            total[0]++;
            if (i + 1 < m) {
                continue;
            }
            int[] window = java.util.Arrays.copyOfRange(t.calls(), i + 1 - m, i + 1);
            double[] b = new double[m];
            double sq = 0;
            for (int j = 0; j < m; j++) {
                b[j] = w.idf(window[j]) * counts[window[j]] / (double) total[0];
                sq += b[j] * b[j];
            }
            double expected = indexes[0].maxSimilarity(window, b, Math.sqrt(sq));
            for (int k = 1; k < indexes.length; k++) {
                assertEquals(expected, indexes[k].maxSimilarity(window, b, Math.sqrt(sq)), 0.0,
                    indexes[k].kind() + " differs from scan on " + java.util.Arrays.toString(window));
            }
            count[0]++;
        }
        return count[0];
    }

    static void assertAllIndexesAgree(DetectionModel model, SplittableRandom rnd, int queries, int n) {
        SimilarityIndex scan = IndexKind.SCAN.build(model.library(), model.weights());
        SimilarityIndex kd = IndexKind.KDTREE.build(model.library(), model.weights());
        SimilarityIndex sub = IndexKind.SUBSET.build(model.library(), model.weights());
        WindowLibrary lib = model.library();
        int m = model.m();
        for (int q = 0; q < queries; q++) {
            int[] t = new int[m];
            if (rnd.nextBoolean()) {
                int row = rnd.nextInt(lib.rows());
                for (int j = 0; j < m; j++) {
                    t[j] = rnd.nextInt(3) == 0 ? rnd.nextInt(n) : lib.symbol(row, j);
                }
            } else {
                for (int j = 0; j < m; j++) {
                    t[j] = rnd.nextInt(n);
                }
            }
            double[] b = new double[m];
            double sq = 0;
            for (int j = 0; j < m; j++) {
                b[j] = rnd.nextInt(8) == 0 ? 0.0 : model.weights().idf(t[j]) * rnd.nextDouble();
                sq += b[j] * b[j];
            }
            double norm = Math.sqrt(sq);
            double expected = scan.maxSimilarity(t, b, norm);
            assertEquals(expected, kd.maxSimilarity(t, b, norm), 0.0, "kd-tree vs scan");
            assertEquals(expected, sub.maxSimilarity(t, b, norm), 0.0, "subset vs scan");
        }
    }
}
