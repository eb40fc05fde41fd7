package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, seeded splits: a Fisher-Yates shuffle driven by {@link SplittableRandom}(seed)
 * over the items in their given order, then a cut. The same items, order and seed always give the
 * same split, on any JVM.
 */
public final class SeededSplit {
    private SeededSplit() {
    }

    /** A train/test split; both sides keep the shuffled order. */
    public record Split<T>(List<T> train, List<T> test) {
        public Split {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }

    /** The items in a seeded random order. */
    public static <T> List<T> shuffled(List<T> items, long seed) {
        List<T> out = new ArrayList<>(items);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T tmp = out.get(i);
            out.set(i, out.get(j));
            out.set(j, tmp);
        }
        return out;
    }

    /** Number of training items for {@code n} items at {@code ratio}: round(ratio n), kept in [1, n-1]. */
    public static int trainSize(int n, double ratio) {
        if (n < 2) {
            throw new IllegalArgumentException("a train/test split needs at least 2 items, got " + n);
        }
        if (!(ratio > 0.0 && ratio < 1.0)) {
            throw new IllegalArgumentException("train ratio must be in (0, 1), got " + ratio);
        }
        return (int) Math.max(1, Math.min(n - 1, Math.round(ratio * n)));
    }

    /** Shuffles with {@code seed}, then the first {@link #trainSize} items train and the rest test. */
    public static <T> Split<T> split(List<T> items, double trainRatio, long seed) {
        int nTrain = trainSize(items.size(), trainRatio);
        List<T> s = shuffled(items, seed);
        return new Split<>(s.subList(0, nTrain), s.subList(nTrain, s.size()));
    }

    /**
     * {@code k} folds of a seeded shuffle, dealt round-robin (fold sizes differ by at most one).
     *
     * @throws IllegalArgumentException unless {@code 2 <= k <= items.size()}
     */
    public static <T> List<List<T>> folds(List<T> items, int k, long seed) {
        return folds(items, k, seed, x -> true);
    }

    /**
     * As {@link #folds(List, int, long)}, but the items that pass {@code first} are dealt before the
     * others (each group in shuffled order), so that every fold gets its share of them.
     */
    public static <T> List<List<T>> folds(List<T> items, int k, long seed, java.util.function.Predicate<T> first) {
        if (k < 2 || k > items.size()) {
            throw new IllegalArgumentException("k-fold needs 2 <= k <= " + items.size() + " items, got k=" + k);
        }
        List<T> all = shuffled(items, seed);
        List<T> s = new ArrayList<>(all.size());
        all.stream().filter(first).forEach(s::add);
        all.stream().filter(first.negate()).forEach(s::add);
        List<List<T>> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        for (int i = 0; i < s.size(); i++) {
            folds.get(i % k).add(s.get(i));
        }
        return folds.stream().map(List::copyOf).toList();
    }
}
