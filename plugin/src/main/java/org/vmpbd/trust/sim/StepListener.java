package org.vmpbd.trust.sim;

/** Progress of a simulation run. */
@FunctionalInterface
public interface StepListener {
    /** @param arm "with" or "without", @param done steps done of {@code total} */
    void step(String arm, int done, int total);
}
