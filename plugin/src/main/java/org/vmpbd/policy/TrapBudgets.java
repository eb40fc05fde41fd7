package org.vmpbd.policy;

import java.util.function.LongSupplier;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.trap.TrapBudget;

/** The per-VM {@link TrapBudget} a tenant policy asks for (its {@code trap.budget} and syscall filter). */
public final class TrapBudgets {
    private TrapBudgets() {
    }

    /** Over budget, {@code filter} mode needs the policy's syscall filter; without one it samples. */
    public static TrapBudget of(TenantPolicy policy, LongSupplier nanoTime) {
        SyscallFilter filter = policy.detection().filter();
        TenantPolicy.Budget b = policy.trap().budget();
        TrapBudget.Mode mode = b.overBudget() == TenantPolicy.OverBudget.FILTER && filter != null
            ? TrapBudget.Mode.FILTER : TrapBudget.Mode.SAMPLE;
        return new TrapBudget(b.eventsPerSecond(), mode, filter == null ? null : filter.calls(), nanoTime, b::note);
    }
}
