package org.vmpbd.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.trace.ProcessTrace;

/** Seeded synthetic traces for tests: a random first-order Markov chain over a few calls. */
final class TestTraces {
    private TestTraces() {
    }

    static Abi abi(int calls) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            names.add("c" + i);
        }
        return new Abi("test-" + calls, names);
    }

    /** {@code count} processes of lengths in [minLen, maxLen) over the first {@code alphabet} calls. */
    static List<ProcessTrace> markov(Abi abi, int alphabet, int count, int minLen, int maxLen, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] next = new int[alphabet][3];
        for (int s = 0; s < alphabet; s++) {
            for (int k = 0; k < 3; k++) {
                next[s][k] = rnd.nextInt(alphabet);
            }
        }
        List<ProcessTrace> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int len = minLen + rnd.nextInt(maxLen - minLen);
            int[] calls = new int[len];
            int s = rnd.nextInt(alphabet);
            for (int i = 0; i < len; i++) {
                calls[i] = s;
                s = rnd.nextInt(10) == 0 ? rnd.nextInt(alphabet) : next[s][rnd.nextInt(3)];
            }
            out.add(new ProcessTrace("p" + p, abi, calls, "seed " + seed));
        }
        return out;
    }
}
