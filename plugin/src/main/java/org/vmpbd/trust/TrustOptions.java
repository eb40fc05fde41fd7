package org.vmpbd.trust;

import java.util.Objects;
import org.vmpbd.policy.TenantPolicy.TrustState;

/**
 * The trust model's choices that the seed leaves open (trust-model.md marks them [choice]); the numbers (window,
 * weights, thresholds) are the policy's.
 *
 * @param initialState the state of a VM before its first value (it passed the boot gate)
 */
public record TrustOptions(Decay decay, WindowEdge edge, MaliciousIndex maliciousIndex,
                           OutsideAggregation aggregation, MissingPart missingInside, MissingPart missingOutside,
                           TrustState initialState) {
    public TrustOptions {
        Objects.requireNonNull(decay, "decay");
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(maliciousIndex, "maliciousIndex");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(missingInside, "missingInside");
        Objects.requireNonNull(missingOutside, "missingOutside");
        Objects.requireNonNull(initialState, "initialState");
    }

    /** The design's defaults. */
    public static TrustOptions defaults() {
        return new TrustOptions(Decay.LINEAR, WindowEdge.EXCLUDE_OLDEST, MaliciousIndex.NORMALISED_EXCESS,
            OutsideAggregation.ONE_MINUS_MEAN, MissingPart.RENORMALISE, MissingPart.RENORMALISE, TrustState.TRUSTED);
    }

    public TrustOptions withDecay(Decay d) {
        return new TrustOptions(d, edge, maliciousIndex, aggregation, missingInside, missingOutside, initialState);
    }

    public TrustOptions withEdge(WindowEdge e) {
        return new TrustOptions(decay, e, maliciousIndex, aggregation, missingInside, missingOutside, initialState);
    }

    public TrustOptions withMissing(MissingPart inside, MissingPart outside) {
        return new TrustOptions(decay, edge, maliciousIndex, aggregation, inside, outside, initialState);
    }

    public TrustOptions withOutside(MaliciousIndex index, OutsideAggregation agg) {
        return new TrustOptions(decay, edge, index, agg, missingInside, missingOutside, initialState);
    }
}
