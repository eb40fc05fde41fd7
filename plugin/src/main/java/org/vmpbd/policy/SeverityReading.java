package org.vmpbd.policy;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A VM's severity at one moment.
 *
 * @param alarms         a: alarms in the window
 * @param processes      p: distinct processes that alarmed in the window
 * @param detectionScore s_d = 1 − exp(−(w_a·a + w_p·p))
 * @param trust          the trust value T last reported, if any
 * @param score          s, s_d combined with the distrust by the policy's {@link TrustCombination}
 * @param saturated      the tracker's memory bound was reached in the window: a and p are lower bounds (the score
 *                       is then ≈ 1 for any sensible weights)
 */
public record SeverityReading(Instant at, int alarms, int processes, double detectionScore, OptionalDouble trust,
                              double score, SeverityLevel level, boolean saturated) {
}
