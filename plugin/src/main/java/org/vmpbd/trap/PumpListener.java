package org.vmpbd.trap;

import java.util.List;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.ProcessVerdict;

/**
 * What a {@link TrapPump} reports. The first three are called on the pump's thread; alarms,
 * verdicts and errors come from the detector's lane threads, concurrently.
 */
public interface PumpListener {
    /** Every batch of events as polled, before scoring (e.g. to record them). */
    default void polled(List<SyscallEvent> events) {
    }

    /** The first scored event of a process (never called for a process the budget left unscored). */
    default void processStarted(String processKey) {
    }

    /** Events in {@code abi} cannot be scored by this model; said once per ABI, the events are counted. */
    default void refused(String abi, String reason) {
    }

    default void alarm(Alarm alarm) {
    }

    /** A process ended: superseded by a new generation of its pid, or the session ended. */
    default void verdict(ProcessVerdict verdict) {
    }

    /**
     * A process ended after the pump's {@link TrapBudget} shed some of its events; called instead of
     * {@link #verdict(ProcessVerdict)} for that process. {@code verdict} is its verdict over the calls
     * kept, or <b>null when none was scored</b> ({@code effect.scored()} false: "not scored: over
     * budget", never to be read as normal). {@link BudgetEffect#describe()} is the note to show with it.
     * A not-scored process is reported from the pump's thread. Default: a verdict goes to
     * {@link #verdict(ProcessVerdict)} without the note, a not-scored process is dropped.
     */
    default void verdict(ProcessVerdict verdict, BudgetEffect effect) {
        if (verdict != null) {
            verdict(verdict);
        }
    }

    /** An event the detector could not score (the process named); its process goes on. */
    default void error(RuntimeException error) {
    }
}
