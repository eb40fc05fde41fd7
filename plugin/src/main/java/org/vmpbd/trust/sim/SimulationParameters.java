package org.vmpbd.trust.sim;

import java.time.Duration;
import java.util.Objects;
import org.vmpbd.trust.TrustOptions;

/**
 * Everything the simulation's outcome depends on besides the policy; written into its output.
 *
 * @param seed                 seed of every random choice (the plant, contacts, infections, measurements)
 * @param userVms              user VMs (besides the one privileged domain, the host that measures them)
 * @param steps                simulated steps; every running VM is measured once per step
 * @param step                 simulated time per step
 * @param contactsPerStep      other VMs an active infected VM contacts per step
 * @param infectionProbability chance that a contact infects a healthy, running VM
 * @param incubationSteps      steps after infection before the trojan spreads (and shows outside)
 * @param scanFlows            exploit flows per step of an active trojan (pr = 3 against p = 1, 2–6 ports probed)
 * @param spoofProbability     chance per step that an active trojan's traffic carries a spoofed source
 * @param benignFlows          ordinary flows per step of every VM (pr = p = 1)
 * @param noiseProbability     chance per step that a healthy VM probes one denied port (misconfiguration); a fifth
 *                             of it: an application updated outside the baseline
 * @param agentShare           share of VMs with a guest agent (inside measurements); the rest are outside only
 */
public record SimulationParameters(long seed, int userVms, int steps, Duration step, int contactsPerStep,
                                   double infectionProbability, int incubationSteps, int scanFlows,
                                   double spoofProbability, int benignFlows, double noiseProbability, double agentShare,
                                   Attack attack, IsolationRule isolation, TrustOptions options) {
    public SimulationParameters {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(attack, "attack");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(options, "options");
        if (userVms < 2 || steps < 1 || step.isNegative() || step.isZero() || contactsPerStep < 0 || incubationSteps < 0
            || scanFlows < 0 || benignFlows < 0) {
            throw new IllegalArgumentException("need >= 2 user VMs, >= 1 step of positive length, counts >= 0");
        }
        for (double p : new double[] {infectionProbability, spoofProbability, noiseProbability, agentShare}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probabilities and shares must be in [0, 1]: " + p);
            }
        }
    }

    /** The seed's experiment: 1 privileged + 99 user VMs, 2 simulated hours in 1-minute steps. */
    public static SimulationParameters defaults() {
        return new SimulationParameters(1, 99, 120, Duration.ofMinutes(1), 2, 0.15, 3, 6, 0.2, 3, 0.05, 0.7,
            Attack.NE_TROJAN, IsolationRule.UNTRUSTED_STATE, TrustOptions.defaults());
    }

    public SimulationParameters withSeed(long s) {
        return new SimulationParameters(s, userVms, steps, step, contactsPerStep, infectionProbability, incubationSteps,
            scanFlows, spoofProbability, benignFlows, noiseProbability, agentShare, attack, isolation, options);
    }

    public SimulationParameters withAttack(Attack a) {
        return new SimulationParameters(seed, userVms, steps, step, contactsPerStep, infectionProbability,
            incubationSteps, scanFlows, spoofProbability, benignFlows, noiseProbability, agentShare, a, isolation, options);
    }

    public SimulationParameters withIsolation(IsolationRule r) {
        return new SimulationParameters(seed, userVms, steps, step, contactsPerStep, infectionProbability,
            incubationSteps, scanFlows, spoofProbability, benignFlows, noiseProbability, agentShare, attack, r, options);
    }

    public SimulationParameters withSteps(int n) {
        return new SimulationParameters(seed, userVms, n, step, contactsPerStep, infectionProbability, incubationSteps,
            scanFlows, spoofProbability, benignFlows, noiseProbability, agentShare, attack, isolation, options);
    }
}
