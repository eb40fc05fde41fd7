package org.vmpbd.trap;

import java.util.Locale;

/**
 * What a {@link TrapBudget} did to one process, reported with its verdict (see
 * {@link PumpListener#verdict(org.vmpbd.detect.ProcessVerdict, BudgetEffect)}).
 *
 * @param mode            the budget's over-budget mode
 * @param scored          whether the process was scored at all; false: its verdict is absent, never "normal"
 * @param shedCalls       this process's calls not scored because of the budget
 * @param vm              the process's VM
 * @param vmProcesses     processes of the VM the budget has seen so far
 * @param vmUnscored      of those, processes not scored at all (SAMPLE)
 * @param vmShedCalls     calls of the VM shed so far
 * @param peakPerSecond   the VM's highest event count in one 1 s window so far
 * @param eventsPerSecond the budget
 * @param policyNote      the policy's own wording (e.g. {@code TenantPolicy.Budget.note}), or null
 */
public record BudgetEffect(TrapBudget.Mode mode, boolean scored, long shedCalls, String vm, long vmProcesses,
                           long vmUnscored, long vmShedCalls, long peakPerSecond, int eventsPerSecond,
                           String policyNote) {
    /**
     * One line for the verdict, e.g. {@code not scored: over budget; sampled: 1 of 3 processes scored while vm X
     * ran at 48,000 events/s over its budget of 20,000} or {@code filtered: 1,234 calls outside the filter dropped
     * while vm X ran at ...}.
     */
    public String describe() {
        String while_ = String.format(Locale.ROOT, "while vm %s ran at %,d events/s over its budget of %,d", vm,
            peakPerSecond, eventsPerSecond);
        String what = mode == TrapBudget.Mode.SAMPLE
            ? String.format(Locale.ROOT, "sampled: %,d of %,d processes scored %s", vmProcesses - vmUnscored,
                vmProcesses, while_)
            : String.format(Locale.ROOT, "filtered: %,d calls outside the filter dropped %s", shedCalls, while_);
        return (scored ? "" : "not scored: over budget; ") + what + (policyNote == null ? "" : " (" + policyNote + ")");
    }
}
