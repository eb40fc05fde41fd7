package org.vmpbd.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The formulas of trust-model.md on hand-computed examples. */
class TrustFormulasTest {
    private static final double EPS = 1e-9;
    private static final Instant NOW = Instant.parse("2024-01-01T12:00:00Z");
    private static final TrustBaseline BASE = new TrustBaseline(Map.of("a", "1", "b", "2", "c", "3", "d", "4"),
        Set.of("ssh", "http"), "delta", "10.0.0.5");

    private static InsideMeasurement in(Map<String, String> h, Set<String> c, String delta) {
        return new InsideMeasurement(NOW, h, c, delta);
    }

    @Test
    void insideMeasurementIsWeightedAgreementTimesTheKeyProcessCheck() {
        InsideScore s = new InsideScore(0.5, 0.5);
        InsideMeasurement m = in(Map.of("a", "1", "b", "2", "c", "X"), Set.of("ssh", "irc"), "delta");
        assertEquals(0.5, s.eh(m, BASE), EPS, "2 of 4 expected digests match (d is not running)");
        assertEquals(0.5, s.ec(m, BASE), EPS, "1 of 2 observed protocols allowed");
        assertEquals(0.5, s.t(m, BASE), EPS);
        InsideScore weighted = new InsideScore(0.3, 0.7);
        InsideMeasurement quiet = in(Map.of("a", "1", "b", "2"), Set.of(), "delta");
        assertEquals(1.0, weighted.ec(quiet, BASE), EPS, "no protocol observed: E_c = 1");
        assertEquals(0.3 * 0.5 + 0.7, weighted.t(quiet, BASE), EPS);
        assertEquals(0.0, s.t(in(Map.of("a", "1", "b", "2", "c", "3", "d", "4"), Set.of("ssh"), "other"), BASE), EPS,
            "δ ≠ δ' zeroes t_i however good the rest");
        assertThrows(IllegalArgumentException.class, () -> new InsideScore(0.6, 0.6));
    }

    @Test
    void maliciousIndexByTheDesignAndAsPrinted() {
        MaliciousIndex d = MaliciousIndex.NORMALISED_EXCESS;
        assertEquals(Math.sqrt(8.0 / 10), d.of(new Flow(3, 1, 0)), EPS);
        assertEquals(0.0, d.of(new Flow(1, 1, 0)), EPS, "nothing exceeded, nothing probed");
        assertEquals(0.0, d.of(new Flow(1, 3, 0)), EPS, "asking less than granted is not malice (no negative root)");
        assertEquals(1.0 / 3, d.of(new Flow(2, 2, 1)), EPS);
        assertEquals(1.0, d.of(new Flow(0, 0, 4)), EPS, "pure port scan");
        assertEquals(0.0, d.of(new Flow(0, 0, 0)), EPS);
        assertEquals(Math.sqrt(12) / 14, MaliciousIndex.PRINTED_CLAMPED.of(new Flow(3, 1, 2)), EPS);
        assertEquals(0.0, MaliciousIndex.PRINTED_CLAMPED.of(new Flow(1, 3, 1)), EPS, "negative radicand clamped");
    }

    @Test
    void outsideMeasurementFallsWithMaliceAndZeroesOnASpoofedSource() {
        List<Flow> flows = List.of(new Flow(3, 1, 0), new Flow(1, 1, 0));
        OutsideScore mean = new OutsideScore(MaliciousIndex.NORMALISED_EXCESS, OutsideAggregation.ONE_MINUS_MEAN);
        assertEquals(1 - Math.sqrt(0.8) / 2, mean.t(new OutsideMeasurement(NOW, "10.0.0.5", flows), BASE), EPS);
        assertEquals(0.0, mean.t(new OutsideMeasurement(NOW, "10.0.0.99", flows), BASE), EPS);
        assertEquals(1.0, mean.t(new OutsideMeasurement(NOW, "10.0.0.5", List.of()), BASE), EPS);
        OutsideScore max = new OutsideScore(MaliciousIndex.NORMALISED_EXCESS, OutsideAggregation.ONE_MINUS_MAX);
        assertEquals(1 - Math.sqrt(0.8), max.t(new OutsideMeasurement(NOW, "10.0.0.5", flows), BASE), EPS);
    }

    private static List<Scored> three() {
        return List.of(new Scored(NOW.minus(Duration.ofMinutes(9)), 1.0), new Scored(NOW.minus(Duration.ofMinutes(5)), 0.5),
            new Scored(NOW, 0.0));
    }

    @Test
    void linearDecayWeighsTheNewestMost() {
        Duration w = Duration.ofMinutes(10);
        // e = 1/3, 2/3, 1: (1/3·1 + 2/3·0.5 + 1·0) / 2
        assertEquals(1.0 / 3, new WindowMean(Decay.LINEAR, WindowEdge.EXCLUDE_OLDEST).of(three(), NOW, w).getAsDouble(), EPS);
        assertEquals(0.5, new WindowMean(Decay.NONE, WindowEdge.EXCLUDE_OLDEST).of(three(), NOW, w).getAsDouble(), EPS);
        // ages 9, 5, 0 of 10 min: e = 0.1, 0.5, 1
        assertEquals((0.1 + 0.25) / 1.6,
            new WindowMean(Decay.LINEAR_BY_AGE, WindowEdge.EXCLUDE_OLDEST).of(three(), NOW, w).getAsDouble(), EPS);
    }

    @Test
    void theWindowBoundaryIsANamedChoiceAndAnEmptyWindowHasNoMean() {
        Duration w = Duration.ofMinutes(10);
        List<Scored> edge = List.of(new Scored(NOW.minus(w), 0.0), new Scored(NOW.minusSeconds(1), 1.0));
        WindowMean exclude = new WindowMean(Decay.LINEAR, WindowEdge.EXCLUDE_OLDEST);
        WindowMean include = new WindowMean(Decay.LINEAR, WindowEdge.INCLUDE_OLDEST);
        assertEquals(1.0, exclude.of(edge, NOW, w).getAsDouble(), EPS, "exactly t old: out");
        assertEquals(1, exclude.count(edge, NOW, w));
        assertEquals((0.5 * 0 + 1 * 1) / 1.5, include.of(edge, NOW, w).getAsDouble(), EPS, "exactly t old: in");
        List<Scored> old = List.of(new Scored(NOW.minus(w).minusMillis(1), 0.7));
        assertFalse(include.of(old, NOW, w).isPresent(), "nothing in the window: no mean");
        assertFalse(exclude.of(List.of(), NOW, w).isPresent());
        assertFalse(exclude.of(List.of(new Scored(NOW.plusSeconds(1), 1.0)), NOW, w).isPresent(), "future: not yet");
    }

    @Test
    void trustCombinesTheMeansAndRenormalisesWhenAPartIsMissing() {
        TrustFormula f = new TrustFormula(0.3, 0.7, MissingPart.RENORMALISE, MissingPart.RENORMALISE);
        assertEquals(0.3 * 0.5 + 0.7, f.of(OptionalDouble.of(0.5), OptionalDouble.of(1)).getAsDouble(), EPS);
        assertEquals(0.6, f.of(OptionalDouble.empty(), OptionalDouble.of(0.6)).getAsDouble(), EPS, "no guest agent: T = M_out");
        assertEquals(0.4, f.of(OptionalDouble.of(0.4), OptionalDouble.empty()).getAsDouble(), EPS);
        assertFalse(f.of(OptionalDouble.empty(), OptionalDouble.empty()).isPresent());
        TrustFormula zero = new TrustFormula(0.3, 0.7, MissingPart.ZERO, MissingPart.ZERO);
        assertEquals(0.7 * 0.6, zero.of(OptionalDouble.empty(), OptionalDouble.of(0.6)).getAsDouble(), EPS,
            "the seed's literal M_in = 0: a VM without agent can never be trusted at θ = 0.8");
        assertEquals(0.0, zero.of(OptionalDouble.empty(), OptionalDouble.empty()).getAsDouble(), EPS);
        assertThrows(IllegalArgumentException.class, () -> new TrustFormula(0.5, 0.6, MissingPart.ZERO, MissingPart.ZERO));
    }

    @Test
    void controlRateAsTheSeedDefinesIt() {
        assertEquals(8 / (0.25 * 10), ControlRate.tr(8, 2, 0.25), EPS);
        assertEquals(Double.NaN, ControlRate.tr(8, 2, 0), 0);
        assertEquals(Double.NaN, ControlRate.tr(0, 0, 0.5), 0);
    }
}
