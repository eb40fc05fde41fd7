package org.vmpbd.daemon;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.daemon.hook.HookServer;
import org.vmpbd.daemon.metrics.Metrics;
import org.vmpbd.daemon.metrics.MetricsServer;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxDispatcher;
import org.vmpbd.policy.PolicyStore;

/**
 * {@code vmpbd serve}: the compute-node daemon. Starts, in order, the outbox's consumers (actions), the
 * metrics endpoint, the policy watch and the hook's policy file, the hook server, and the supervisor (which
 * connects to libvirt, adopts running VMs and follows their lifecycle); stops in reverse order.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonSettings settings;
    private final FileOutbox outbox;
    private final OutboxDispatcher dispatcher;
    private final OutboxHousekeeping housekeeping;
    private final Metrics metrics;
    private final PolicyStore policies;
    private final HookPolicyPublisher hookPolicy;
    private final HookServer hookServer;
    private final Supervisor supervisor;
    private final PrepareDecider prepare;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private MetricsServer metricsServer;

    Daemon(DaemonSettings settings, FileOutbox outbox, OutboxDispatcher dispatcher, OutboxHousekeeping housekeeping,
           Metrics metrics, PolicyStore policies,
           HookPolicyPublisher hookPolicy, HookServer hookServer, Supervisor supervisor, PrepareDecider prepare) {
        this.settings = settings;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.housekeeping = housekeeping;
        this.metrics = metrics;
        this.policies = policies;
        this.hookPolicy = hookPolicy;
        this.hookServer = hookServer;
        this.supervisor = supervisor;
        this.prepare = prepare;
    }

    /** Starts everything; on a failure what was started is stopped again and the error names the part. */
    public synchronized void start() throws IOException {
        try {
            started.push(outbox);
            dispatcher.start();
            started.push(dispatcher);
            housekeeping.start();
            started.push(housekeeping);
            if (settings.metricsPort() >= 0) {
                metricsServer = MetricsServer.start(metrics, settings.metricsPort());
                started.push(metricsServer);
            }
            policies.watch();
            started.push(policies);
            hookPolicy.publish();
            started.push(prepare);
            hookServer.start();
            started.push(hookServer);
            supervisor.start();
            started.push(supervisor);
            LOG.info("vmpbd daemon serving {}: hook socket {}, metrics {}, outbox {}", settings.uri(), settings.hookSocket(),
                metricsServer == null ? "off" : "127.0.0.1:" + metricsServer.port(), settings.outboxDir());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The metrics port bound, or -1. */
    public synchronized int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
