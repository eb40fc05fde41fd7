package org.vmpbd.daemon;

/** Makes the {@link VmMonitor} of a VM (a seam for tests of the {@link Supervisor}). */
interface MonitorFactory {
    VmMonitor create(VmIdentity vm);
}
