package org.vmpbd.trap;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.LongSupplier;

/**
 * The per-VM trap budget on the live path: decides for each event whether it is scored. Plain
 * parameters (no policy types): the caller maps {@code TenantPolicy.Trap.Budget} onto them.
 *
 * <p>Metering: one token bucket per VM holding at most one second of budget ({@code eventsPerSecond}
 * tokens, full at the VM's first event), refilled continuously at {@code eventsPerSecond}. Every
 * event offered takes a token if there is one; the VM is <em>over budget</em> while an event finds
 * the bucket empty. Arithmetic is exact (integer token-nanoseconds), so a fake clock gives exact counts.
 *
 * <p>{@link Mode#SAMPLE}: processes are kept or shed whole, never single calls (a dropped call
 * would splice windows that never happened). A process is admitted iff its first event finds a
 * token; an admitted process is scored to its end, a shed one not at all, even once the VM is back
 * under budget. Under a sustained overload at rate R the admitted share of new processes is
 * therefore about budget/R, and processes already followed are never cut.
 *
 * <p>{@link Mode#FILTER}: while over budget, calls outside the filter set are shed; calls in it
 * are always scored. The filter set should be the policy's {@code detection.syscallFilter} (the
 * policy requires one for {@code filter}), in the model's numbering: the model drops the other calls
 * before windowing anyway, so its windows stay intact and only the cost is saved.
 *
 * <p>Shed calls are counted per VM and per process; {@link #end(String)} gives a process's
 * {@link BudgetEffect}. Not thread-safe: the pump's thread only.
 */
public final class TrapBudget {
    /** What happens above the budget. */
    public enum Mode {
        /** Keep or shed whole processes. */
        SAMPLE,
        /** Shed the calls outside the filter set. */
        FILTER
    }

    private static final long NANOS = 1_000_000_000L;

    private final int eventsPerSecond;
    private final Mode mode;
    private final BitSet filter = new BitSet();
    private final LongSupplier nanoTime;
    private final DoubleFunction<String> note;
    private final Map<String, Vm> vms = new HashMap<>();
    private final Map<String, Proc> procs = new HashMap<>();

    private static final class Vm {
        final String name;
        long credit;       // token-nanoseconds: one event costs NANOS
        long last;
        long windowStart;
        long windowCount;
        long peak;
        long processes;
        long unscored;
        long shed;

        Vm(String name) {
            this.name = name;
        }
    }

    private static final class Proc {
        final Vm vm;
        final boolean admitted;
        long calls;
        long shed;

        Proc(Vm vm, boolean admitted) {
            this.vm = vm;
            this.admitted = admitted;
        }
    }

    /**
     * @param eventsPerSecond events per second per VM, at least 1
     * @param mode            what happens above it
     * @param filterCalls     FILTER: the calls always scored, in the numbering of the calls offered
     *                        (the model's); must not be empty. SAMPLE: ignored (may be null)
     * @param nanoTime        monotonic clock, e.g. {@code System::nanoTime}
     * @param note            the policy's wording for the observed rate (e.g. {@code budget::note}), or null
     */
    public TrapBudget(int eventsPerSecond, Mode mode, int[] filterCalls, LongSupplier nanoTime,
                      DoubleFunction<String> note) {
        if (eventsPerSecond < 1) {
            throw new IllegalArgumentException("trap budget: eventsPerSecond must be at least 1");
        }
        if (eventsPerSecond > 1_000_000_000) {
            throw new IllegalArgumentException("trap budget: eventsPerSecond above 1e9");
        }
        this.eventsPerSecond = eventsPerSecond;
        this.mode = mode;
        if (mode == Mode.FILTER) {
            if (filterCalls == null || filterCalls.length == 0) {
                throw new IllegalArgumentException("trap budget: filter mode needs a non-empty filter set");
            }
            for (int c : filterCalls) {
                if (c < 0) {
                    throw new IllegalArgumentException("trap budget: negative call " + c + " in the filter set");
                }
                filter.set(c);
            }
        }
        this.nanoTime = nanoTime;
        this.note = note;
    }

    public int eventsPerSecond() {
        return eventsPerSecond;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * One event of {@code processKey} on {@code vm} (call {@code call} in the model's numbering):
     * true if it is to be scored. A process key not seen before (or {@link #end ended}) starts a
     * new process.
     */
    public boolean admit(String vm, String processKey, int call) {
        long now = nanoTime.getAsLong();
        Vm v = vms.computeIfAbsent(vm, n -> {
            Vm fresh = new Vm(n);
            fresh.credit = eventsPerSecond * NANOS;
            fresh.last = now;
            fresh.windowStart = now;
            return fresh;
        });
        boolean token = take(v, now);
        Proc p = procs.get(processKey);
        if (p == null) {
            p = new Proc(v, mode == Mode.FILTER || token);
            procs.put(processKey, p);
            v.processes++;
            if (!p.admitted) {
                v.unscored++;
            }
        }
        boolean scored = mode == Mode.SAMPLE ? p.admitted : token || filter.get(call);
        p.calls++;
        if (!scored) {
            p.shed++;
            v.shed++;
        }
        return scored;
    }

    private boolean take(Vm v, long now) {
        long elapsed = Math.max(0, now - v.last);
        v.last = now;
        long capacity = eventsPerSecond * NANOS;
        v.credit = elapsed >= NANOS ? capacity : Math.min(capacity, v.credit + elapsed * eventsPerSecond);
        if (now - v.windowStart >= NANOS) {
            v.windowStart = now;
            v.windowCount = 0;
        }
        v.windowCount++;
        v.peak = Math.max(v.peak, v.windowCount);
        if (v.credit >= NANOS) {
            v.credit -= NANOS;
            return true;
        }
        return false;
    }

    /**
     * The process ended: its effect if the budget shed any of its calls (null otherwise; then it
     * was scored as without a budget); its state is freed. {@link BudgetEffect#scored()} is false
     * when every call of the process was shed.
     */
    public BudgetEffect end(String processKey) {
        Proc p = procs.remove(processKey);
        if (p == null || p.shed == 0) {
            return null;
        }
        return new BudgetEffect(mode, p.shed < p.calls, p.shed, p.vm.name, p.vm.processes, p.vm.unscored, p.vm.shed,
            p.vm.peak, eventsPerSecond, note == null ? null : note.apply(p.vm.peak));
    }

    /** Calls of {@code vm} shed so far. */
    public long shedCalls(String vm) {
        Vm v = vms.get(vm);
        return v == null ? 0 : v.shed;
    }

    /** Processes of {@code vm} not scored at all so far (SAMPLE). */
    public long unscoredProcesses(String vm) {
        Vm v = vms.get(vm);
        return v == null ? 0 : v.unscored;
    }

    /** Processes of {@code vm} seen so far. */
    public long processes(String vm) {
        Vm v = vms.get(vm);
        return v == null ? 0 : v.processes;
    }

    /** The highest event count of {@code vm} in one 1 s window so far. */
    public long peakPerSecond(String vm) {
        Vm v = vms.get(vm);
        return v == null ? 0 : v.peak;
    }
}
