package org.vmpbd.trust.sim;

import org.vmpbd.policy.SeverityTracker;
import org.vmpbd.trust.VmTrust;

/** One simulated user VM: its infection, isolation, trust code and the CPU time that code took. */
final class SimulatedVm {
    private final int index;
    private final boolean agent;
    private final VmTrust trust;
    private final SeverityTracker severity;
    private int infectedAt = -1;
    private int isolatedAt = -1;
    private long cpuNanos;
    private long measurements;

    SimulatedVm(int index, boolean agent, VmTrust trust, SeverityTracker severity) {
        this.index = index;
        this.agent = agent;
        this.trust = trust;
        this.severity = severity;
    }

    int index() {
        return index;
    }

    String name() {
        return "dom" + index;
    }

    String address() {
        return "10.0." + (index / 250) + "." + (index % 250 + 2);
    }

    boolean agent() {
        return agent;
    }

    VmTrust trust() {
        return trust;
    }

    SeverityTracker severity() {
        return severity;
    }

    boolean infected() {
        return infectedAt >= 0;
    }

    /** Infected for at least {@code incubation} steps at {@code step}: spreading. */
    boolean active(int step, int incubation) {
        return infectedAt >= 0 && step - infectedAt >= incubation;
    }

    void infect(int step) {
        if (infectedAt < 0) {
            infectedAt = step;
        }
    }

    boolean isolated() {
        return isolatedAt >= 0;
    }

    void isolate(int step) {
        if (isolatedAt < 0) {
            isolatedAt = step;
        }
    }

    boolean healthy() {
        return !infected() && !isolated();
    }

    void cost(long nanos, int measured) {
        cpuNanos += nanos;
        measurements += measured;
    }

    /** Mean CPU time of the trust code per measurement, ns; NaN before any. */
    double nanosPerMeasurement() {
        return measurements == 0 ? Double.NaN : (double) cpuNanos / measurements;
    }

    long measurements() {
        return measurements;
    }
}
