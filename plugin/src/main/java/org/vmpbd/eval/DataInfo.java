package org.vmpbd.eval;

import java.util.List;

/**
 * What one experiment's data are.
 *
 * @param shortNormalTest normal test processes shorter than M (no window: never alarm)
 * @param shortIntrusion  intrusion processes shorter than M
 */
public record DataInfo(String name, String folder, String abi, List<String> normalDirs, String intrusionDir,
                       String grouping, String groupingNote, int normalProcesses, long normalCalls,
                       int intrusionProcesses, long intrusionCalls, int intrusions, int shortNormalTest,
                       int shortIntrusion) {
    public DataInfo {
        normalDirs = List.copyOf(normalDirs);
    }
}
