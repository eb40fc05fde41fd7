package org.vmpbd.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.daemon.metrics.DaemonMetrics;
import org.vmpbd.libvirt.DomainRef;
import org.vmpbd.libvirt.DomainXmlException;
import org.vmpbd.libvirt.HypervisorEvents;
import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.libvirt.LifecycleEvent;

/**
 * Follows libvirt and keeps one {@link VmMonitor} per running VM. libvirt's callbacks and the hook only
 * enqueue a {@link Signal} (bounded; an overflow is counted and turns into a reconcile, since events were
 * lost); one dispatcher thread applies them in order through the {@link LifecycleTable}. Reconcile — after
 * every (re)connection, after an overflow and every {@code reconcileEvery} — attaches running VMs that have no
 * current monitor (adopting VMs at daemon start, re-attaching after a session died) and releases monitors
 * whose VM is gone. Releases run off the dispatcher thread.
 */
public final class Supervisor implements HypervisorEvents.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    static final int QUEUE = 1024;

    private final HypervisorEvents hypervisor;
    private final LifecycleTable table;
    private final MonitorFactory monitors;
    private final Identities identities;
    private final PauseProbe pauses;
    private final DaemonMetrics metrics;
    private final Journal journal;
    private final Duration pauseCheckDelay;
    private final Duration reconcileEvery;
    private final BlockingQueue<Signal> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean resync = new AtomicBoolean();
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong ownPauses = new AtomicLong();
    private final Map<String, VmMonitor> byUuid = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vmpbd-timer"));
    private final ExecutorService releaser = Executors.newCachedThreadPool(r -> daemon(r, "vmpbd-release"));
    private final Set<String> pauseChecks = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private Thread dispatcher;

    Supervisor(HypervisorEvents hypervisor, LifecycleTable table, MonitorFactory monitors, Identities identities,
               PauseProbe pauses, DaemonMetrics metrics, Journal journal, Duration pauseCheckDelay, Duration reconcileEvery) {
        this.hypervisor = hypervisor;
        this.table = table;
        this.monitors = monitors;
        this.identities = identities;
        this.pauses = pauses;
        this.metrics = metrics;
        this.journal = journal;
        this.pauseCheckDelay = pauseCheckDelay;
        this.reconcileEvery = reconcileEvery;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts the dispatcher, then watching libvirt (which reconciles once connected: running VMs are adopted). */
    public synchronized void start() {
        if (dispatcher != null) {
            throw new IllegalStateException("supervisor already started");
        }
        dispatcher = daemon(this::dispatch, "vmpbd-supervisor");
        dispatcher.start();
        timer.scheduleWithFixedDelay(() -> offer(new Signal.Reconcile("periodic")), reconcileEvery.toMillis(),
            reconcileEvery.toMillis(), TimeUnit.MILLISECONDS);
        hypervisor.start(this);
    }

    // ---- HypervisorEvents.Listener: event-loop thread, enqueue only ----

    @Override
    public void lifecycle(LifecycleEvent event) {
        offer(new Signal.Lifecycle(event));
    }

    @Override
    public void connected(boolean reconnected) {
        metrics.libvirtConnected(true);
        if (reconnected) {
            metrics.libvirtReconnected();
        }
        offer(new Signal.Reconcile(reconnected ? "reconnected" : "connected"));
    }

    @Override
    public void disconnected(String reason) {
        metrics.libvirtConnected(false);
        LOG.warn("libvirt connection lost: {} (trap sessions go on; reconcile after reconnecting)", reason);
    }

    /** The hook's {@code started}: enqueue only. */
    public void hookStarted(VmIdentity vm) {
        offer(new Signal.HookStarted(vm));
    }

    /** The hook's {@code stopped} or {@code release}: enqueue only. */
    public void hookStopped(String uuid, String name) {
        offer(new Signal.HookStopped(uuid, name));
    }

    private void offer(Signal s) {
        if (!queue.offer(s)) {
            overflows.incrementAndGet();
            resync.set(true);
        }
    }

    /** Signals lost to a full queue (each makes the next turn reconcile). */
    public long overflows() {
        return overflows.get();
    }

    /** Pauses found to be the trap's own stops and ignored. */
    public long ownPauses() {
        return ownPauses.get();
    }

    /** The monitored VMs by UUID, with their phase. */
    public Map<String, String> monitored() {
        Map<String, String> out = new HashMap<>();
        byUuid.forEach((u, m) -> out.put(u, m.vm().name() + ":" + m.phase().name().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }

    // ---- the dispatcher ----

    private void dispatch() {
        while (!closed) {
            try {
                Signal s = queue.poll(200, TimeUnit.MILLISECONDS);
                if (resync.getAndSet(false)) {
                    reconcile("events were lost (queue full)");
                }
                if (s != null) {
                    handle(s);
                }
                publishPhases();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("supervisor: {}", e.toString(), e);
            }
        }
    }

    private void publishPhases() {
        Map<VmMonitor.Phase, Integer> n = new java.util.EnumMap<>(VmMonitor.Phase.class);
        for (VmMonitor m : byUuid.values()) {
            n.merge(m.phase(), 1, Integer::sum);
        }
        for (VmMonitor.Phase p : VmMonitor.Phase.values()) {
            metrics.sessions(p.name().toLowerCase(java.util.Locale.ROOT), n.getOrDefault(p, 0));
        }
    }

    private void handle(Signal s) {
        if (s instanceof Signal.Lifecycle l) {
            apply(l.event());
        } else if (s instanceof Signal.HookStarted h) {
            attach(h.vm());
        } else if (s instanceof Signal.HookStopped h) {
            String uuid = h.uuid() != null ? h.uuid() : uuidOfName(h.name());
            if (uuid != null) {
                detach(uuid, true, "hook: stopped");
            }
        } else if (s instanceof Signal.PauseCheck p) {
            pauseCheck(p.uuid());
        } else if (s instanceof Signal.Reconcile r) {
            reconcile(r.why());
        }
    }

    private void apply(LifecycleEvent e) {
        LifecycleStep step = table.step(e);
        LOG.debug("{} -> {}", e, step);
        switch (step) {
            case ATTACH -> attach(e.uuid());
            case DETACH -> detach(e.uuid(), true, e.type() + "/" + e.detail());
            case DETACH_SILENT -> detach(e.uuid(), false, e.type() + "/" + e.detail());
            case CHECK_PAUSE -> {
                if (byUuid.containsKey(e.uuid()) && pauseChecks.add(e.uuid())) {
                    timer.schedule(() -> offer(new Signal.PauseCheck(e.uuid())), pauseCheckDelay.toMillis(),
                        TimeUnit.MILLISECONDS);
                }
            }
            case RESUME -> {
                VmMonitor m = byUuid.get(e.uuid());
                if (m != null) {
                    m.paused(false);
                }
            }
            case IGNORE -> {
            }
        }
    }

    /**
     * A moment after a SUSPENDED event: QEMU's own run state says whether someone paused the VM or our gdbstub
     * holds it; where QEMU cannot be asked (test driver), libvirt's state and the session's own word decide.
     */
    private void pauseCheck(String uuid) {
        pauseChecks.remove(uuid);
        VmMonitor m = byUuid.get(uuid);
        if (m == null) {
            return;
        }
        PauseProbe.Answer a = pauses.probe(m.vm());
        boolean real = a == PauseProbe.Answer.UNKNOWN ? "paused".equals(stateOf(uuid)) && !m.holdsGuest()
            : a == PauseProbe.Answer.PAUSED;
        if (real) {
            m.paused(true);
        } else if (!m.paused()) {
            ownPauses.incrementAndGet();
        }
    }

    private String stateOf(String uuid) {
        try {
            for (DomainRef d : hypervisor.active()) {
                if (d.uuid().equals(uuid)) {
                    return d.state();
                }
            }
            return "gone";
        } catch (HypervisorException e) {
            return "unknown";
        }
    }

    private void attach(String uuid) {
        VmMonitor m = byUuid.get(uuid);
        if (m != null && m.current()) {
            return;
        }
        VmIdentity vm;
        try {
            vm = identities.of(uuid);
        } catch (HypervisorException | DomainXmlException e) {
            LOG.warn("domain {}: cannot tell who it is: {}", uuid, e.getMessage());
            ObjectNode b = Journal.about(new VmIdentity(uuid, uuid, null, null, null, null, false));
            b.put("state", "unmonitored");
            b.put("reason", "cannot read the domain: " + e.getMessage());
            journal.record("session", new VmIdentity(uuid, uuid, null, null, null, null, false), b);
            return;
        }
        attach(vm);
    }

    private void attach(VmIdentity vm) {
        VmMonitor old = byUuid.get(vm.uuid());
        if (old != null && old.current()) {
            return;
        }
        if (old != null) {
            byUuid.remove(vm.uuid());
            releaser.execute(() -> old.release(true, "superseded"));
        }
        VmMonitor m = monitors.create(vm);
        byUuid.put(vm.uuid(), m);
        LOG.info("{}: attaching", vm);
        m.start();
    }

    private void detach(String uuid, boolean verdicts, String why) {
        VmMonitor m = byUuid.remove(uuid);
        if (m != null) {
            metrics.removeVm(m.vm().name());
            releaser.execute(() -> m.release(verdicts, why));
        }
    }

    private String uuidOfName(String name) {
        for (VmMonitor m : byUuid.values()) {
            if (m.vm().name().equals(name)) {
                return m.vm().uuid();
            }
        }
        return null;
    }

    private void reconcile(String why) {
        List<DomainRef> active;
        try {
            active = hypervisor.active();
        } catch (HypervisorException e) {
            LOG.debug("reconcile ({}) postponed: {}", why, e.getMessage());
            return;
        }
        Set<String> running = new HashSet<>();
        List<String> attached = new ArrayList<>();
        for (DomainRef d : active) {
            running.add(d.uuid());
            VmMonitor m = byUuid.get(d.uuid());
            if (m == null || !m.current()) {
                attached.add(d.name());
                attach(d.uuid());
            }
        }
        List<String> released = new ArrayList<>();
        for (String uuid : new ArrayList<>(byUuid.keySet())) {
            if (!running.contains(uuid)) {
                released.add(byUuid.get(uuid).vm().name());
                detach(uuid, true, "gone at reconcile (" + why + ")");
            }
        }
        if (!attached.isEmpty() || !released.isEmpty() || !why.equals("periodic")) {
            LOG.info("reconcile ({}): {} running; attached {}; released {}", why, running.size(), attached, released);
        }
    }

    @Override
    public void close() {
        closed = true;
        hypervisor.close();
        timer.shutdownNow();
        Thread d;
        synchronized (this) {
            d = dispatcher;
        }
        if (d != null) {
            d.interrupt();
            try {
                d.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String uuid : new ArrayList<>(byUuid.keySet())) {
            VmMonitor m = byUuid.remove(uuid);
            if (m != null) {
                releaser.execute(() -> m.release(true, "daemon stopping"));
            }
        }
        releaser.shutdown();
        try {
            releaser.awaitTermination(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
