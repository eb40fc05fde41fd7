package org.vmpbd.trust.sim;

import java.util.List;

/**
 * One arm of the experiment (with or without the mechanism), one entry per step.
 *
 * @param healthy          share of user VMs neither infected nor isolated (figures 3 and 4)
 * @param infected         share of user VMs infected (isolated or not)
 * @param isolated         share of user VMs isolated
 * @param tr               the seed's TR per step (NaN where undefined: no infected VM)
 * @param nanosPerVm       per user VM, mean CPU time of the trust code per measurement, ns (figure 5)
 * @param transitions      trust state transitions reported
 * @param falseIsolations  healthy VMs isolated
 */
public record ArmSeries(boolean mechanism, double[] healthy, double[] infected, double[] isolated, double[] tr,
                        double[] nanosPerVm, long measurements, int transitions, int falseIsolations,
                        List<String> firstTransitions) {
    public double finalHealthy() {
        return healthy[healthy.length - 1];
    }

    /** Mean CPU time per measurement over all VMs, ns. */
    public double meanNanosPerMeasurement() {
        return java.util.Arrays.stream(nanosPerVm).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
