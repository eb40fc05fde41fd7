package org.vmpbd.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.policy.TenantPolicy.TrustState;

/** {@link VmTrust}: the window, the states and their transitions, and seeded properties of T. */
class TrustOverTimeTest {
    private static final double EPS = 1e-9;
    private static final Instant T0 = Instant.parse("2024-01-01T12:00:00Z");
    private static final TenantPolicy.Trust POLICY =
        new TenantPolicy.Trust(Duration.ofMinutes(10), 0.5, 0.5, 0.3, 0.7, 0.8, 0.5, 0.8);
    private static final TrustBaseline BASE = new TrustBaseline(Map.of("app", "h1"), Set.of("ssh"), "delta", "10.0.0.5");

    private final List<TrustTransition> seen = new ArrayList<>();

    private VmTrust vm(TrustOptions options) {
        return new VmTrust("vm-1", BASE, POLICY, options, seen::add);
    }

    private static OutsideMeasurement out(Instant at, boolean spoofed) {
        return new OutsideMeasurement(at, spoofed ? "6.6.6.6" : "10.0.0.5", List.of(new Flow(1, 1, 0)));
    }

    private static InsideMeasurement in(Instant at, boolean clean) {
        return new InsideMeasurement(at, Map.of("app", clean ? "h1" : "evil"), Set.of("ssh"), "delta");
    }

    @Test
    void statesFollowThePolicysThresholdsAndTransitionsAreReported() {
        VmTrust t = vm(TrustOptions.defaults());
        t.outside(out(T0, false));
        assertEquals(1.0, t.evaluate(T0).t().getAsDouble(), EPS);
        assertEquals(TrustState.TRUSTED, t.state());
        assertTrue(seen.isEmpty(), "trusted from the start: no transition");
        // newest of 2 weighs 1, oldest 1/2: (0.5·1 + 1·0) / 1.5 = 1/3 -> untrusted (< 0.5)
        t.outside(out(T0.plusSeconds(60), true));
        TrustValue v = t.evaluate(T0.plusSeconds(60));
        assertEquals(1.0 / 3, v.t().getAsDouble(), EPS);
        assertEquals(TrustValue.Basis.OUTSIDE_ONLY, v.basis());
        assertEquals(TrustState.UNTRUSTED, t.state());
        assertEquals(1, seen.size());
        assertEquals(TrustState.TRUSTED, seen.get(0).from());
        assertEquals(TrustState.UNTRUSTED, seen.get(0).to());
        assertEquals("vm-1", seen.get(0).vm());
        // 2 clean: weights 1/4, 2/4, 3/4, 1 over 1, 0, 1, 1 -> (0.25 + 0.75 + 1) / 2.5 = 0.8 -> trusted again (>= 0.8)
        t.outside(out(T0.plusSeconds(120), false));
        t.outside(out(T0.plusSeconds(180), false));
        assertEquals(0.8, t.evaluate(T0.plusSeconds(180)).t().getAsDouble(), EPS);
        assertEquals(TrustState.TRUSTED, t.state());
        assertEquals(2, seen.size());
        assertEquals(TrustState.UNTRUSTED, seen.get(1).from());
    }

    @Test
    void thresholdsAreInclusiveFromBelow() {
        assertEquals(TrustState.TRUSTED, POLICY.stateOf(0.8));
        assertEquals(TrustState.SUSPECT, POLICY.stateOf(0.7999));
        assertEquals(TrustState.SUSPECT, POLICY.stateOf(0.5));
        assertEquals(TrustState.UNTRUSTED, POLICY.stateOf(0.4999));
    }

    @Test
    void theBadMeasurementLeavesTheWindowAndAnEmptyWindowKeepsTheState() {
        VmTrust t = vm(TrustOptions.defaults());
        t.outside(out(T0, true));
        t.evaluate(T0);
        assertEquals(TrustState.UNTRUSTED, t.state());
        t.outside(out(T0.plusSeconds(300), false));
        assertEquals(1.0 / 1.5 * 1, t.evaluate(T0.plusSeconds(300)).t().getAsDouble(), EPS);
        assertEquals(TrustState.SUSPECT, t.state());
        TrustValue edge = t.evaluate(T0.plus(POLICY.window()));
        assertEquals(1, edge.nOut(), "exactly one window old: dropped (EXCLUDE_OLDEST)");
        assertEquals(1.0, edge.t().getAsDouble(), EPS);
        assertEquals(TrustState.TRUSTED, t.state());
        TrustValue empty = t.evaluate(T0.plusSeconds(300).plus(POLICY.window()));
        assertFalse(empty.t().isPresent());
        assertEquals(TrustValue.Basis.NONE, empty.basis());
        assertEquals(TrustState.TRUSTED, t.state(), "no value: the state stays");
        assertEquals(3, seen.size());
    }

    @Test
    void withoutAGuestAgentTheScoreRenormalisesToTheOutsidePartByDefault() {
        VmTrust renorm = vm(TrustOptions.defaults());
        VmTrust zero = vm(TrustOptions.defaults().withMissing(MissingPart.ZERO, MissingPart.RENORMALISE));
        for (VmTrust t : List.of(renorm, zero)) {
            t.outside(out(T0, false));
        }
        assertEquals(1.0, renorm.evaluate(T0).t().getAsDouble(), EPS);
        assertEquals(0.7, zero.evaluate(T0).t().getAsDouble(), EPS);
        assertEquals(TrustState.SUSPECT, zero.state(), "the literal reading makes every agentless VM suspect");
        renorm.inside(in(T0, false));
        TrustValue both = renorm.evaluate(T0);
        assertEquals(TrustValue.Basis.BOTH, both.basis());
        assertEquals(0.3 * 0.5 + 0.7 * 1, both.t().getAsDouble(), EPS, "E_h = 0, E_c = 1, α = 0.5: t_i = 0.5");
    }

    @Test
    void aNewPolicyChangesTheNextEvaluation() {
        VmTrust t = vm(TrustOptions.defaults());
        t.inside(in(T0, true));
        t.outside(out(T0, true));
        assertEquals(0.3, t.evaluate(T0).t().getAsDouble(), EPS);
        t.policy(new TenantPolicy.Trust(Duration.ofMinutes(10), 0.5, 0.5, 0.9, 0.1, 0.8, 0.2, 0.8));
        assertEquals(0.9, t.evaluate(T0).t().getAsDouble(), EPS);
        assertEquals(TrustState.TRUSTED, t.state());
    }

    /** Seeded: T stays in [0, 1] whatever comes in, for every option. */
    @Test
    void trustStaysInTheUnitInterval() {
        Random r = new Random(42);
        for (int round = 0; round < 300; round++) {
            TrustOptions o = new TrustOptions(Decay.values()[r.nextInt(3)], WindowEdge.values()[r.nextInt(2)],
                MaliciousIndex.values()[r.nextInt(2)], OutsideAggregation.values()[r.nextInt(2)],
                MissingPart.values()[r.nextInt(2)], MissingPart.values()[r.nextInt(2)], TrustState.TRUSTED);
            VmTrust t = new VmTrust("vm", BASE, POLICY, o, TrustListener.none());
            Instant now = T0;
            for (int step = 0; step < 40; step++) {
                now = now.plusSeconds(r.nextInt(120));
                if (r.nextBoolean()) {
                    t.inside(new InsideMeasurement(now, r.nextBoolean() ? Map.of("app", "h1") : Map.of(),
                        r.nextBoolean() ? Set.of("ssh", "irc") : Set.of(), r.nextInt(5) == 0 ? "x" : "delta"));
                }
                if (r.nextBoolean()) {
                    List<Flow> flows = new ArrayList<>();
                    for (int f = r.nextInt(5); f > 0; f--) {
                        flows.add(new Flow(r.nextInt(6), r.nextInt(6), r.nextInt(20)));
                    }
                    t.outside(new OutsideMeasurement(now, r.nextInt(8) == 0 ? "x" : "10.0.0.5", flows));
                }
                TrustValue v = t.evaluate(now);
                if (v.t().isPresent()) {
                    double x = v.t().getAsDouble();
                    assertTrue(x >= 0 && x <= 1, "round " + round + " step " + step + ": T = " + x);
                    assertEquals(POLICY.stateOf(x), t.state());
                }
            }
        }
    }

    /** Seeded: T never falls when one measurement rises (positive weights), and m rises with probing. */
    @Test
    void trustIsMonotoneInEachMeasurementAndTheIndexInProbing() {
        Random r = new Random(7);
        Duration w = Duration.ofMinutes(10);
        for (int round = 0; round < 500; round++) {
            Decay decay = Decay.values()[r.nextInt(3)];
            WindowMean mean = new WindowMean(decay, WindowEdge.EXCLUDE_OLDEST);
            int n = 1 + r.nextInt(12);
            List<Scored> xs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                xs.add(new Scored(T0.minusSeconds(540 - 45L * i), r.nextDouble()));
            }
            double before = mean.of(xs, T0, w).getAsDouble();
            int k = r.nextInt(n);
            xs.set(k, new Scored(xs.get(k).at(), Math.min(1, xs.get(k).value() + r.nextDouble())));
            double after = mean.of(xs, T0, w).getAsDouble();
            assertTrue(after >= before - EPS, decay + ": raising t_" + k + " lowered M: " + before + " -> " + after);

            int pr = r.nextInt(8);
            int p = r.nextInt(8);
            int np = r.nextInt(8);
            for (MaliciousIndex mi : MaliciousIndex.values()) {
                double m0 = mi.of(new Flow(pr, p, np));
                double m1 = mi.of(new Flow(pr, p, np + 1));
                assertTrue(m0 >= 0 && m0 <= 1 && m1 >= 0 && m1 <= 1);
                if (mi == MaliciousIndex.NORMALISED_EXCESS) {
                    assertTrue(m1 >= m0 - EPS, "probing one more port lowered m: " + pr + "," + p + "," + np);
                    if (pr >= p) {
                        assertTrue(mi.of(new Flow(pr + 1, p, np)) >= m0 - EPS, "asking more privilege lowered m");
                    }
                }
            }
        }
    }
}
