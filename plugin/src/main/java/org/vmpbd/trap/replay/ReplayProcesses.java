package org.vmpbd.trap.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.trap.TrapException;

/**
 * Who each trace's process was. Event logs name it: their trace ids are {@code vm/pid/comm/start}
 * (the recorded VM is replaced by the target's). UNM ids are {@code <file>#<pid>}: pid from the id,
 * comm the file name's stem. ADFA ids are file paths: comm is the file name's stem, pid its trailing
 * digits ({@code UAD-Adduser-1-1371.txt}: 1371) or else the trace's ordinal. For UNM and ADFA the
 * generation is the trace's ordinal (1-based), so every trace is a process of its own. Two traces
 * with the same pid and generation are refused: a live session never has them.
 */
final class ReplayProcesses {
    private ReplayProcesses() {
    }

    static List<ReplayProcess> from(List<ProcessTrace> traces, String format, String vm) throws TrapException {
        List<ReplayProcess> out = new ArrayList<>(traces.size());
        Map<String, String> seen = new HashMap<>();
        int ordinal = 0;
        for (ProcessTrace t : traces) {
            ordinal++;
            ReplayProcess p = format.equals("events") ? fromEventLog(t, vm) : fromFile(t, format, ordinal);
            String before = seen.putIfAbsent(p.pid() + "/" + p.generation(), t.id());
            if (before != null) {
                throw new TrapException("replay as VM " + vm + ": traces " + before + " and " + t.id()
                    + " have the same pid and generation (start), so they would be one process (an event log of "
                    + "several VMs? replay one VM's)");
            }
            out.add(p);
        }
        return out;
    }

    /** {@code vm/pid/comm/start}; libvirt VM names hold no '/', comm may. */
    private static ReplayProcess fromEventLog(ProcessTrace t, String vm) throws TrapException {
        String id = t.id();
        int afterVm = id.indexOf('/');
        int afterPid = afterVm < 0 ? -1 : id.indexOf('/', afterVm + 1);
        int beforeStart = id.lastIndexOf('/');
        if (afterPid < 0 || beforeStart <= afterPid) {
            throw new TrapException("replay as VM " + vm + ": event-log process id '" + id + "' is not vm/pid/comm/start");
        }
        try {
            int pid = Integer.parseInt(id.substring(afterVm + 1, afterPid));
            long start = Long.parseLong(id.substring(beforeStart + 1));
            return new ReplayProcess(pid, id.substring(afterPid + 1, beforeStart), start, t.calls());
        } catch (NumberFormatException e) {
            throw new TrapException("replay as VM " + vm + ": event-log process id '" + id + "' is not vm/pid/comm/start");
        }
    }

    private static ReplayProcess fromFile(ProcessTrace t, String format, int ordinal) {
        String id = t.id();
        int hash = format.equals("unm") ? id.lastIndexOf('#') : -1;
        String file = hash < 0 ? id : id.substring(0, hash);
        String stem = stem(file.substring(file.lastIndexOf('/') + 1));
        int pid = hash < 0 ? trailingNumber(stem, ordinal) : Integer.parseInt(id.substring(hash + 1));
        return new ReplayProcess(pid, stem, ordinal, t.calls());
    }

    /** The name up to its first dot ({@code login.int.gz}: {@code login}). */
    static String stem(String name) {
        int dot = name.indexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /** The digits ending {@code stem} as a pid, or {@code fallback} if there are none. */
    static int trailingNumber(String stem, int fallback) {
        int start = stem.length();
        while (start > 0 && isDigit(stem.charAt(start - 1)) && stem.length() - start < 9) {
            start--;
        }
        return start == stem.length() ? fallback : Integer.parseInt(stem.substring(start));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
