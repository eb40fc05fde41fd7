package org.vmpbd.eval;

import java.util.List;
import java.util.Map;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * The traces of one experiment, read.
 *
 * @param normal      normal processes, in reading order (folder, then file name, then first appearance of the PID)
 * @param intrusion   intrusion processes, same order
 * @param intrusions  intrusion name to the indexes (into {@code intrusion}) of its processes, in order
 */
public record ExperimentData(Experiment experiment, List<ProcessTrace> normal, List<ProcessTrace> intrusion,
                             Map<String, List<Integer>> intrusions) {
    public ExperimentData {
        normal = List.copyOf(normal);
        intrusion = List.copyOf(intrusion);
        intrusions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(intrusions));
    }

    public static long calls(List<ProcessTrace> traces) {
        long c = 0;
        for (ProcessTrace t : traces) {
            c += t.length();
        }
        return c;
    }
}
