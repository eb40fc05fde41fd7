package org.vmpbd.trust.sim;

import org.vmpbd.policy.TenantPolicy;

/**
 * Both arms of one simulation, with what they ran under.
 *
 * @param costClock     {@code thread-cpu} (CPU time of the measuring thread) or {@code wall-clock} where the JVM has
 *                      no thread CPU time
 * @param ladderIsolates whether the ladder's critical level isolates (pause, quarantine or shutoff)
 */
public record SimulationResult(SimulationParameters parameters, TenantPolicy.Trust trust, TenantPolicy.Actions ladder,
                               String costClock, boolean ladderIsolates, ArmSeries with, ArmSeries without) {
    /** Final healthy share with / without; infinite when without is 0 and with is not. */
    public double ratio() {
        return with.finalHealthy() / without.finalHealthy();
    }
}
