package org.vmpbd.eval;

/**
 * A process whose behaviour trace is plotted (figures 6 and 7).
 *
 * @param role   {@code typical normal}, {@code worst normal} or {@code intrusion}
 * @param why    how it was picked
 */
public record BehaviourPlot(String role, String processId, int windows, int misses, String why) {
}
