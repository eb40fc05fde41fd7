package org.vmpbd.eval;

import java.util.List;

/**
 * What {@code vmpbd evaluate} did over all experiments (summary.json).
 *
 * @param command   the command line that reproduces it
 * @param programs  per experiment, in order
 * @param failures  experiments that could not be evaluated, with the reason
 * @param seconds   total wall time, reading included
 */
public record SummaryResult(String command, EvaluationOptions options, List<ProgramResult> programs,
                            List<Failure> failures, double seconds) {
    public SummaryResult {
        programs = List.copyOf(programs);
        failures = List.copyOf(failures);
    }

    /** An experiment that failed. */
    public record Failure(String name, String folder, String reason) {
    }
}
