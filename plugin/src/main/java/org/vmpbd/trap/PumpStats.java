package org.vmpbd.trap;

/**
 * What a {@link TrapPump} did.
 *
 * @param polled     events taken from the session
 * @param scored     events handed to the detector
 * @param refused    events not scored: their ABI cannot be mapped into the model's, or their number
 *                   lies outside their ABI
 * @param late       events of a process generation already superseded (never from a real trap)
 * @param processes  processes started (with a budget: including those it left unscored)
 * @param superseded processes ended because their pid started a new generation
 * @param shed       events not scored because of the {@link TrapBudget} (0 without one)
 * @param unscored   processes of which the budget let no event be scored: reported with a
 *                   {@link BudgetEffect} and no verdict (0 without a budget)
 */
public record PumpStats(long polled, long scored, long refused, long late, long processes, long superseded,
                        long shed, long unscored) {
    /** Without a budget: nothing shed. */
    public PumpStats(long polled, long scored, long refused, long late, long processes, long superseded) {
        this(polled, scored, refused, late, processes, superseded, 0, 0);
    }
}
