package org.vmpbd.eval;

/**
 * One intrusion (see {@link IntrusionGrouping}) under one detector.
 *
 * @param processes its processes
 * @param alarmed   how many of them alarmed; the intrusion is detected iff at least one did
 */
public record IntrusionOutcome(String name, int processes, int alarmed, boolean detected) {
    public static IntrusionOutcome of(String name, int processes, int alarmed) {
        return new IntrusionOutcome(name, processes, alarmed, alarmed > 0);
    }
}
