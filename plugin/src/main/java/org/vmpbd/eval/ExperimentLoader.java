package org.vmpbd.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.detect.trace.Traces;

/** Reads an {@link Experiment}'s traces (UNM format) and groups its intrusion processes into intrusions. */
public final class ExperimentLoader {
    /** Trace format of the UNM sets. */
    public static final String FORMAT = "unm";

    public ExperimentData load(Experiment e) throws IOException {
        Abi abi = Abis.byName(e.abi());
        List<ProcessTrace> normal = new ArrayList<>();
        for (Path dir : e.normalDirs()) {
            for (ProcessTrace t : Traces.read(dir, FORMAT, abi)) {
                normal.add(prefixed(dir.getFileName() + "/", t));
            }
        }
        List<ProcessTrace> intrusion = new ArrayList<>();
        for (ProcessTrace t : Traces.read(e.intrusionDir(), FORMAT, abi)) {
            intrusion.add(prefixed(e.intrusionDir().getFileName() + "/", t));
        }
        return new ExperimentData(e, normal, intrusion, group(e, intrusion));
    }

    static Map<String, List<Integer>> group(Experiment e, List<ProcessTrace> intrusion) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < intrusion.size(); i++) {
            String key = switch (e.grouping()) {
                case WHOLE_SET -> e.name() + " attack run";
                case PER_FILE -> fileOf(intrusion.get(i).id());
            };
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    /** The file part of an id {@code <dir>/<file>#<pid>}. */
    static String fileOf(String id) {
        int hash = id.lastIndexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }

    private static ProcessTrace prefixed(String prefix, ProcessTrace t) {
        return new ProcessTrace(prefix + t.id(), t.abi(), t.calls(), t.source());
    }
}
