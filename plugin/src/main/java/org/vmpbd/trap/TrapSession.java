package org.vmpbd.trap;

import java.time.Duration;
import java.util.List;

/**
 * Trapping one VM's system calls. Life cycle: opened by a {@link TrapDriver}, then
 * {@link #enable()}, events taken with {@link #poll}, {@link #disable()}, {@link #close()}. Events
 * wait in a bounded buffer; when it is full new events are dropped and counted, never blocking the
 * guest. A session whose guest or driver dies turns {@link State#DEAD} within 5 s and says why.
 */
public interface TrapSession extends AutoCloseable {
    enum State { OPEN, ENABLED, DISABLED, DEAD, CLOSED }

    /** Starts trapping. */
    void enable() throws TrapException;

    /** Stops trapping; the guest keeps running. Buffered events stay available. */
    void disable() throws TrapException;

    /**
     * Takes up to {@code max} buffered events, waiting at most {@code timeout} for the first.
     *
     * @return the events, possibly empty; empty at once when the session is dead or closed and drained
     */
    List<SyscallEvent> poll(int max, Duration timeout) throws InterruptedException;

    State state();

    /**
     * Whether no further events will be trapped: the session is dead or closed, or its source ran out
     * (a replay that reached its end). Buffered events can still be polled. A consumer reads this
     * <em>before</em> each poll and stops when it was true and the poll came back empty.
     */
    default boolean finished() {
        State s = state();
        return s == State.DEAD || s == State.CLOSED;
    }

    /**
     * Whether the session itself holds the guest stopped right now (a gdbstub trap being handled). The daemon
     * asks this to tell the pause/resume pairs its own trap causes from real pauses. Default: never.
     */
    default boolean holdsGuest() {
        return false;
    }

    /** Why the session died, or null. */
    String deathReason();

    TrapStats stats();

    /** Stops trapping if needed and releases everything; the guest is left running. Idempotent. */
    @Override
    void close();
}
