package org.vmpbd.daemon;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vmpbd.libvirt.LifecycleEvent;

/**
 * The daemon's reaction to libvirt lifecycle events, as data: rows of (event type, detail) → step, where a
 * detail of {@code *} matches any detail and an exact row wins over {@code *}. Unknown types are ignored.
 *
 * <table>
 * <caption>the standard table</caption>
 * <tr><td>STARTED/*, RESUMED/*</td><td>attach / resume (STARTED/MIGRATED attaches on the destination)</td></tr>
 * <tr><td>STOPPED/MIGRATED</td><td>detach without verdicts (the VM goes on elsewhere)</td></tr>
 * <tr><td>STOPPED/*, CRASHED/*, UNDEFINED/*</td><td>detach and free</td></tr>
 * <tr><td>SUSPENDED/*</td><td>check whether the pause is ours (gdbstub stops) or real</td></tr>
 * <tr><td>DEFINED, SHUTDOWN, PMSUSPENDED, ...</td><td>ignored (STOPPED follows a shutdown)</td></tr>
 * </table>
 */
public final class LifecycleTable {
    private final Map<String, LifecycleStep> rows;

    public LifecycleTable(Map<String, LifecycleStep> rows) {
        this.rows = Map.copyOf(rows);
    }

    /** The standard table above. */
    public static LifecycleTable standard() {
        Map<String, LifecycleStep> r = new LinkedHashMap<>();
        r.put("STARTED/*", LifecycleStep.ATTACH);
        r.put("RESUMED/*", LifecycleStep.RESUME);
        r.put("SUSPENDED/*", LifecycleStep.CHECK_PAUSE);
        r.put("STOPPED/MIGRATED", LifecycleStep.DETACH_SILENT);
        r.put("STOPPED/*", LifecycleStep.DETACH);
        r.put("CRASHED/*", LifecycleStep.DETACH);
        r.put("UNDEFINED/*", LifecycleStep.DETACH);
        return new LifecycleTable(r);
    }

    public LifecycleStep step(String type, String detail) {
        String t = type.toUpperCase(Locale.ROOT);
        LifecycleStep exact = rows.get(t + "/" + detail.toUpperCase(Locale.ROOT));
        return exact != null ? exact : rows.getOrDefault(t + "/*", LifecycleStep.IGNORE);
    }

    public LifecycleStep step(LifecycleEvent e) {
        return step(e.type(), e.detail());
    }
}
