package org.vmpbd.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RocTest {
    private static final double NAN = Double.NaN;

    @Test
    void perfectSeparation() {
        Roc r = Roc.of(new double[] {5, 4, 3}, new double[] {2, 1});
        assertEquals(1.0, r.auc(), 1e-12);
        assertEquals(new Roc.Point(0, 0, NAN), r.points().get(0));
        assertEquals(new Roc.Point(0, 1, 3), r.points().get(3));
        assertEquals(new Roc.Point(1, 1, 1), r.points().get(r.points().size() - 1));
    }

    @Test
    void reversedAndTied() {
        assertEquals(0.0, Roc.of(new double[] {1, 2}, new double[] {3, 4}).auc(), 1e-12);
        assertEquals(0.5, Roc.of(new double[] {2, 2}, new double[] {2, 2, 2}).auc(), 1e-12);
    }

    @Test
    void mannWhitneyWithTies() {
        // pairs (3,1) (3,2) (2,1) win, (2,2) ties: 3.5 / 4
        Roc r = Roc.of(new double[] {3, 2}, new double[] {1, 2});
        assertEquals(0.875, r.auc(), 1e-12);
        assertEquals(List.of(new Roc.Point(0, 0, NAN), new Roc.Point(0, 0.5, 3), new Roc.Point(0.5, 1, 2),
            new Roc.Point(1, 1, 1)), r.points());
    }

    @Test
    void processesThatCannotAlarmTieAtTheEnd() {
        // NaN ranks below every finite score and ties with NaN: (2,1) win, (2,NaN) win, (NaN,1) loss, (NaN,NaN) tie
        Roc r = Roc.of(new double[] {2, NAN}, new double[] {1, NAN});
        assertEquals(2.5 / 4, r.auc(), 1e-12);
        Roc.Point last = r.points().get(r.points().size() - 1);
        assertEquals(1.0, last.fpr());
        assertEquals(1.0, last.tpr());
        assertTrue(Double.isNaN(last.threshold()));
    }

    @Test
    void lowerAlarmsKeepsTheScale() {
        // vmpbd rule scores: lower alarms earlier
        Roc r = Roc.lowerAlarms(new double[] {0.1, 0.3}, new double[] {0.5, NAN});
        assertEquals(1.0, r.auc(), 1e-12);
        assertEquals(0.1, r.points().get(1).threshold(), 1e-12);
        assertEquals(new Roc.Point(0, 1, 0.3), r.points().get(2));
    }

    @Test
    void undefinedWithoutBothClasses() {
        assertTrue(Double.isNaN(Roc.of(new double[] {1}, new double[0]).auc()));
        assertTrue(Double.isNaN(Roc.of(new double[0], new double[] {1}).auc()));
    }
}
