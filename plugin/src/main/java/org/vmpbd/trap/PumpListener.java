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

    /** The first scored event of a process. */
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

    /** An event the detector could not score (the process named); its process goes on. */
    default void error(RuntimeException error) {
    }
}
