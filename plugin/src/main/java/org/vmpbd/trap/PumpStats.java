package org.vmpbd.trap;

/**
 * What a {@link TrapPump} did.
 *
 * @param polled     events taken from the session
 * @param scored     events handed to the detector
 * @param refused    events not scored: their ABI cannot be mapped into the model's, or their number
 *                   lies outside their ABI
 * @param late       events of a process generation already superseded (never from a real trap)
 * @param processes  processes started
 * @param superseded processes ended because their pid started a new generation
 */
public record PumpStats(long polled, long scored, long refused, long late, long processes, long superseded) {
}
