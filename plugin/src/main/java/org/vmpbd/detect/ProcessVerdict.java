package org.vmpbd.detect;

import java.util.List;

/**
 * The outcome for one process.
 *
 * @param calls      calls seen (after the model's filter)
 * @param dropped    calls dropped by the model's syscall filter
 * @param windows    windows scored; zero when the process had fewer than M calls
 * @param misses     windows not in the library
 * @param alarms     alarms raised, each with its windows
 * @param meanScore  mean of {@code 1 - b_k} over the windows (NaN with no windows)
 * @param ruleScore  the alarm rule's own score: the epsilon above which the process alarms (NaN if
 *                   the rule could not fire on so few windows)
 */
public record ProcessVerdict(String processId, long calls, long dropped, long windows, long misses,
                             List<Alarm> alarms, double meanScore, double ruleScore) {
    public ProcessVerdict {
        alarms = List.copyOf(alarms);
    }

    /** A process is anomalous iff it raised at least one alarm. */
    public boolean anomalous() {
        return !alarms.isEmpty();
    }

    /** Whether the process was long enough to be scored at all. */
    public boolean scored() {
        return windows > 0;
    }
}
