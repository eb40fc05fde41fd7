package org.vmpbd.daemon;

import java.time.Clock;
import java.util.Map;
import org.vmpbd.daemon.metrics.DaemonMetrics;
import org.vmpbd.model.ModelSelector;
import org.vmpbd.model.ModelStore;
import org.vmpbd.policy.PolicyResolver;

/** What every {@link VmMonitor} needs, built once by Guice. */
record MonitorContext(PolicyResolver policies, Map<String, TrapAttacher> attachers, ModelSelector models, ModelStore store,
                      Journal journal,
                      DaemonMetrics metrics, DaemonSettings settings, Clock clock) {
    MonitorContext {
        attachers = Map.copyOf(attachers);
    }
}
