package org.vmpbd.trust.sim;

/** How the simulated mechanism decides to isolate a VM from its trust (a named choice). */
public enum IsolationRule {
    /**
     * When the VM's trust state becomes untrusted it gets the actions of the policy ladder's top level (critical); it is
     * isolated if those include pause, quarantine or shutoff (default: the seed's feedback control on the untrusted
     * state).
     */
    UNTRUSTED_STATE,
    /**
     * The VM's severity as the daemon computes it ({@code SeverityTracker}: distrust combined by the policy's trust
     * combination, no detector alarms in the simulation) gives a level; the ladder's actions at that level isolate if
     * they include pause, quarantine or shutoff. With the built-in default policy this needs distrust ≥ 0.9, i.e.
     * T ≤ 0.08.
     */
    SEVERITY_LADDER
}
