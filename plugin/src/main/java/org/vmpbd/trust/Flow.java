package org.vmpbd.trust;

/**
 * One flow (or process talking to the network) seen from the host in the window, as definition 2 of
 * {@code shared/design/trust-model.md} names it.
 *
 * @param requested pr_i: the privilege level the flow tries to obtain (from the policy's port/protocol → level table)
 * @param granted   p_i: the level the policy grants the VM there
 * @param probes    np_i: the number of distinct denied ports the flow probed
 */
public record Flow(int requested, int granted, int probes) {
    public Flow {
        if (requested < 0 || granted < 0 || probes < 0) {
            throw new IllegalArgumentException("pr, p and np must be >= 0: " + requested + ", " + granted + ", " + probes);
        }
    }
}
