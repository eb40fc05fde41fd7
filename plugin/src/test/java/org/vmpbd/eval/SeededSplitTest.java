package org.vmpbd.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeededSplitTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 101).boxed().toList();

    @Test
    void sameSeedSameSplit() {
        SeededSplit.Split<Integer> a = SeededSplit.split(ITEMS, 0.5, 42);
        SeededSplit.Split<Integer> b = SeededSplit.split(new ArrayList<>(ITEMS), 0.5, 42);
        assertEquals(a, b);
        assertNotEquals(a, SeededSplit.split(ITEMS, 0.5, 43));
    }

    @Test
    void fixedShuffleForSeedOne() {
        // pins the algorithm: a change here changes every published number
        assertEquals(List.of(9, 0, 4, 1, 7, 8, 5, 2, 3, 6), SeededSplit.shuffled(IntStream.range(0, 10).boxed().toList(), 1));
    }

    @Test
    void sidesAreDisjointAndComplete() {
        SeededSplit.Split<Integer> s = SeededSplit.split(ITEMS, 0.5, 1);
        assertEquals(51, s.train().size());
        assertEquals(50, s.test().size());
        Set<Integer> all = new HashSet<>(s.train());
        all.addAll(s.test());
        assertEquals(new HashSet<>(ITEMS), all);
    }

    @Test
    void trainSizeStaysInRange() {
        assertEquals(2, SeededSplit.trainSize(3, 0.5));
        assertEquals(1, SeededSplit.trainSize(2, 0.1));
        assertEquals(1, SeededSplit.trainSize(2, 0.9));
        assertThrows(IllegalArgumentException.class, () -> SeededSplit.trainSize(1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> SeededSplit.trainSize(10, 1.0));
    }

    @Test
    void foldsPartitionAndAreBalanced() {
        List<List<Integer>> folds = SeededSplit.folds(ITEMS, 3, 7);
        assertEquals(List.of(34, 34, 33), folds.stream().map(List::size).toList());
        Set<Integer> seen = new HashSet<>();
        folds.forEach(seen::addAll);
        assertEquals(101, seen.size());
        assertEquals(folds, SeededSplit.folds(ITEMS, 3, 7));
    }

    @Test
    void preferredItemsAreSpreadOverFolds() {
        // only 3 "long" items: each fold must get one
        List<List<Integer>> folds = SeededSplit.folds(ITEMS, 3, 5, i -> i < 3);
        for (List<Integer> f : folds) {
            assertTrue(f.stream().anyMatch(i -> i < 3), f.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> SeededSplit.folds(List.of(1), 2, 1));
    }
}
