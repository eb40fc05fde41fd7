package org.vmpbd.policy;

import org.vmpbd.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeverityTrackerTest {
    private final ManualClock clock = new ManualClock();
    private final TenantPolicy base = PolicyFixtures.loader().builtIn().policy();

    private TenantPolicy with(TrustCombination c, double lambda) {
        TenantPolicy.Severity s = base.severity();
        return new TenantPolicy(base.monitoring(), base.trap(), base.model(), base.detection(),
            new TenantPolicy.Severity(s.window(), s.alarmWeight(), s.processWeight(), c, lambda, s.thresholds()),
            base.actions(), base.trust(), base.failMode(), base.integrity());
    }

    @Test
    void noAlarmsIsNone() {
        SeverityReading r = new SeverityTracker(base, clock).read();
        assertEquals(0, r.score());
        assertEquals(SeverityLevel.NONE, r.level());
    }

    @Test
    void scoreIsOneMinusExpOfWeightedAlarmsAndProcesses() {
        SeverityTracker t = new SeverityTracker(base, clock);
        t.alarm("p1");
        t.alarm("p1");
        t.alarm("p2");
        SeverityReading r = t.read();
        assertEquals(3, r.alarms());
        assertEquals(2, r.processes());
        double expected = 1 - Math.exp(-(0.15 * 3 + 0.5 * 2));
        assertEquals(expected, r.score(), 1e-12);
        assertEquals(SeverityLevel.HIGH, r.level(), "0.765 is between high 0.7 and critical 0.9");
    }

    @Test
    void levelsFollowTheThresholds() {
        SeverityTracker t = new SeverityTracker(base, clock);
        t.alarm("p1"); // 1 - e^-(0.65) = 0.478
        assertEquals(SeverityLevel.MEDIUM, t.read().level());
        for (int i = 0; i < 10; i++) {
            t.alarm("p" + i);
        }
        assertEquals(SeverityLevel.CRITICAL, t.read().level());
        TenantPolicy.Thresholds th = base.severity().thresholds();
        assertEquals(SeverityLevel.NONE, th.levelOf(0.0999));
        assertEquals(SeverityLevel.LOW, th.levelOf(0.1));
        assertEquals(SeverityLevel.CRITICAL, th.levelOf(1.0));
    }

    @Test
    void alarmsLeaveTheWindow() {
        SeverityTracker t = new SeverityTracker(base, clock); // W = 5m
        t.alarm("p1");
        clock.advance(Duration.ofMinutes(3));
        t.alarm("p2");
        assertEquals(2, t.read().processes());
        clock.advance(Duration.ofMinutes(2)); // p1's alarm is now exactly W old: out
        SeverityReading r = t.read();
        assertEquals(1, r.alarms());
        assertEquals(1, r.processes());
        clock.advance(Duration.ofMinutes(3));
        assertEquals(0, t.read().alarms());
        assertEquals(SeverityLevel.NONE, t.read().level());
    }

    @Test
    void aProcessStaysWhileItsLatestAlarmIsInTheWindow() {
        SeverityTracker t = new SeverityTracker(base, clock);
        t.alarm("p1");
        clock.advance(Duration.ofMinutes(4));
        t.alarm("p1");
        clock.advance(Duration.ofMinutes(2));
        SeverityReading r = t.read();
        assertEquals(1, r.alarms());
        assertEquals(1, r.processes());
    }

    @Test
    void trustCombinations() {
        // trusted >= 0.8: distrust u = (0.8 - T) / 0.8
        SeverityTracker max = new SeverityTracker(with(TrustCombination.MAX, 1), clock);
        max.trust(0.9);
        assertEquals(0, max.read().score(), "a trusted VM without alarms");
        max.trust(0.2);
        assertEquals(0.75, max.read().score(), 1e-12);
        assertEquals(SeverityLevel.HIGH, max.read().level());
        max.alarm("p");
        assertEquals(0.75, max.read().score(), 1e-12, "max(0.478, 0.75)");

        SeverityTracker noisy = new SeverityTracker(with(TrustCombination.NOISY_OR, 0.5), clock);
        noisy.alarm("p");
        noisy.trust(0.4); // u = 0.5
        double sd = 1 - Math.exp(-0.65);
        assertEquals(1 - (1 - sd) * (1 - 0.5 * 0.5), noisy.read().score(), 1e-12);
        assertEquals(sd, noisy.read().detectionScore(), 1e-12);

        SeverityTracker ignore = new SeverityTracker(with(TrustCombination.IGNORE, 1), clock);
        ignore.trust(0);
        assertEquals(0, ignore.read().score());
        ignore.trust(Double.NaN);
        assertFalse(ignore.read().trust().isPresent());
        assertThrows(IllegalArgumentException.class, () -> ignore.trust(1.5));
    }

    @Test
    void memoryIsBoundedAndSaturationSaid() {
        SeverityTracker t = new SeverityTracker(base, clock);
        for (int i = 0; i < SeverityTracker.MAX_ALARMS + 10; i++) {
            t.alarm("p" + (i % (SeverityTracker.MAX_PROCESSES + 5)));
        }
        SeverityReading r = t.read();
        assertEquals(SeverityTracker.MAX_ALARMS, r.alarms());
        assertEquals(SeverityTracker.MAX_PROCESSES, r.processes());
        assertTrue(r.saturated());
        assertEquals(SeverityLevel.CRITICAL, r.level());
        clock.advance(Duration.ofMinutes(6));
        assertFalse(t.read().saturated());
        assertEquals(0, t.read().alarms());
    }

    @Test
    void theRingGrowsKeepingOrderAndWindow() {
        SeverityTracker t = new SeverityTracker(base, clock);
        for (int i = 0; i < 100; i++) {
            t.alarm("p");
            clock.advance(Duration.ofSeconds(5));
        }
        // alarms at 0, 5, ..., 495 s; now 500 s; W = 300 s: those after 200 s stay
        assertEquals(59, t.read().alarms());
        for (int i = 0; i < 50; i++) {
            t.alarm("q");
        }
        assertEquals(109, t.read().alarms());
        clock.advance(Duration.ofSeconds(296));
        assertEquals(50, t.read().alarms());
    }

    @Test
    void aNewPolicyAppliesToTheAlarmsAlreadySeen() {
        SeverityTracker t = new SeverityTracker(base, clock);
        t.alarm("p");
        assertEquals(SeverityLevel.MEDIUM, t.read().level());
        TenantPolicy.Severity s = base.severity();
        t.policy(new TenantPolicy(base.monitoring(), base.trap(), base.model(), base.detection(),
            new TenantPolicy.Severity(s.window(), s.alarmWeight(), s.processWeight(), s.trustCombination(),
                s.trustWeight(), new TenantPolicy.Thresholds(0.6, 0.7, 0.8, 0.9)),
            base.actions(), base.trust(), base.failMode(), base.integrity()));
        assertEquals(SeverityLevel.NONE, t.read().level());
    }
}
