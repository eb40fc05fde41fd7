package org.vmpbd.trap;

/**
 * Counters of a session.
 *
 * @param trapped  system calls trapped
 * @param buffered events handed to the buffer
 * @param dropped  events dropped because the buffer was full
 * @param processes distinct process identities (generations) seen
 */
public record TrapStats(long trapped, long buffered, long dropped, long processes) {
}
