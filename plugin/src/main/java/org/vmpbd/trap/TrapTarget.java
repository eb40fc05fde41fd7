package org.vmpbd.trap;

import java.util.Map;

/**
 * What to trap: a VM, and driver-specific settings (for gdbstub the debug endpoint and guest
 * profile; for replay the trace path, format and rate).
 *
 * @param vm       VM name or UUID, as events will carry it
 * @param settings driver-specific key/values, documented by each driver
 */
public record TrapTarget(String vm, Map<String, String> settings) {
    public TrapTarget {
        settings = Map.copyOf(settings);
    }

    /** A required setting, or a clear error naming the VM and the key. */
    public String require(String key) throws TrapException {
        String v = settings.get(key);
        if (v == null || v.isBlank()) {
            throw new TrapException("trap target " + vm + ": missing setting '" + key + "'");
        }
        return v;
    }
}
