package org.vmpbd.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.abi.SocketCallMode;
import org.vmpbd.model.CaptureInfo;
import org.vmpbd.model.ModelSelector;
import org.vmpbd.policy.EffectivePolicy;
import org.vmpbd.policy.SeverityTracker;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.policy.TrapBudgets;
import org.vmpbd.trap.PumpStats;
import org.vmpbd.trap.TrapPump;
import org.vmpbd.trap.TrapSession;

/**
 * Monitoring of one running VM, on its own thread: pick the tenant's policy, check the driver may run and a
 * model exists, attach the trap (retrying while the guest kernel boots), then pump events into the detector
 * until released or the session dies. Every step that matters is a {@code session} record in the journal; a VM
 * that cannot be monitored is recorded as such and, with {@code failMode: closed}, gets a pause requested.
 */
final class VmMonitor {
    /** Where the monitor is. */
    enum Phase { ATTACHING, LEARNING, MONITORING, UNMONITORED, OFF, ENDED }

    private static final Logger LOG = LoggerFactory.getLogger(VmMonitor.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final VmIdentity vm;
    private final MonitorContext ctx;
    private final long createdNanos = System.nanoTime();
    private final Thread thread;
    private volatile Phase phase = Phase.ATTACHING;
    private volatile TrapPump pump;
    private volatile TrapSession session;
    private volatile VerdictRecorder recorder;
    private volatile boolean released;
    private volatile boolean silent;
    private volatile boolean paused;

    VmMonitor(VmIdentity vm, MonitorContext ctx) {
        this.vm = vm;
        this.ctx = ctx;
        this.thread = new Thread(this::run, "vmpbd-vm-" + vm.name());
        thread.setDaemon(true);
    }

    VmIdentity vm() {
        return vm;
    }

    Phase phase() {
        return phase;
    }

    void start() {
        thread.start();
    }

    /** Whether this monitor still stands for the VM (not ended: a dead session ends it, and reconcile re-attaches). */
    boolean current() {
        return phase != Phase.ENDED;
    }

    /** Whether the trap session holds the guest stopped right now (its own gdbstub stop). */
    boolean holdsGuest() {
        TrapSession s = session;
        return s != null && s.holdsGuest();
    }

    boolean paused() {
        return paused;
    }

    /** A real pause began or ended (not one of the trap's own stops). */
    void paused(boolean now) {
        if (paused == now) {
            return;
        }
        paused = now;
        ObjectNode b = Journal.about(vm);
        b.put("event", now ? "paused" : "resumed");
        ctx.journal().record("session", vm, b);
    }

    /**
     * Stops monitoring and waits for the monitor's thread (bounded).
     *
     * @param verdicts false when the VM goes on elsewhere (migrated): open processes get no verdict
     */
    void release(boolean verdicts, String why) {
        released = true;
        if (!verdicts) {
            silent = true;
            VerdictRecorder r = recorder;
            if (r != null) {
                r.mute();
            }
        }
        TrapPump p = pump;
        if (p != null) {
            p.stop();   // never interrupt a pump: its open processes' verdicts are being settled
        } else {
            thread.interrupt();   // waking an attach retry; the pump, if created meanwhile, sees 'released'
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{}: monitor did not end within 30 s of release ({})", vm, why);
        }
        LOG.info("{}: released ({})", vm, why);
        note("released", why, null);
    }

    private void run() {
        try {
            monitor();
        } catch (InterruptedException e) {
            ended(released ? "released" : "interrupted", null);
        } catch (RuntimeException e) {
            LOG.error("{}: monitoring failed: {}", vm, e.toString(), e);
            ended("failed: " + e.getMessage(), null);
        } finally {
            if (phase == Phase.ATTACHING || phase == Phase.LEARNING || phase == Phase.MONITORING) {
                phase = Phase.ENDED;
            }
        }
    }

    private void monitor() throws InterruptedException {
        EffectivePolicy eff = ctx.policies().forProject(vm.projectId(), vm.projectName());
        TenantPolicy policy = eff.policy();
        String policyName = eff.tenantFile() == null ? "default policy" : eff.tenantFile();
        if (!policy.monitoring().enabled()) {
            phase = Phase.OFF;
            note("off", "monitoring.enabled is false in " + policyName, null);
            return;
        }
        String driver = policy.trap().driver();
        TrapAttacher attacher = ctx.attachers().get(driver);
        if (attacher == null) {
            unmonitored(policy, "trap driver '" + driver + "' (" + policyName + ") is not available on this host");
            return;
        }
        if (!policy.trap().driverAllowed(vm.nova())) {
            unmonitored(policy, "the gdbstub driver is not allowed on a Nova VM (" + policyName
                + ": trap.allowGdbstubOnNova is false)");
            return;
        }
        Optional<ModelSelector.Selection> model;
        try {
            model = select(policy);
        } catch (IOException | RuntimeException e) {
            unmonitored(policy, "model of image " + vm.modelImage() + ": " + e.getMessage());
            return;
        }
        if (model.isEmpty() && !policy.model().learning().enabled()) {
            unmonitored(policy, "no active model for image " + vm.modelImage() + " and model.learning.enabled is false in "
                + policyName + " (learn and promote one: vmpbd model)");
            return;
        }
        Attachment att = attach(attacher, policy);
        if (att == null) {
            return;
        }
        session = att.session();
        try {
            att.session().enable();
            if (model.isEmpty()) {
                phase = Phase.LEARNING;
                note("learning", "no active model for image " + vm.modelImage() + ": learning " + vm.modelImage()
                    + "/* from this VM (" + policyName + ": model.learning)", null);
                if (!new VmLearning(vm, ctx.store(), ctx.journal()).learn(att.session(), policy, () -> released)) {
                    ended(released ? "released while learning" : "learning ended without an active model", null);
                    return;
                }
                model = select(policy);
                if (model.isEmpty()) {
                    ended("learning ended without an active model", null);
                    return;
                }
            }
            detect(att, model.get(), policy, policyName);
        } catch (IOException e) {
            ended("learning failed: " + e.getMessage(), null);
        } catch (org.vmpbd.trap.TrapException e) {
            ended("cannot enable the trap: " + e.getMessage(), null);
        } finally {
            VerdictRecorder r = recorder;
            if (r != null) {
                r.countDrops();
            }
            att.session().close();
            session = null;
            try {
                att.undo().run();
            } catch (Exception e) {
                LOG.debug("{}: undoing the attachment: {}", vm, e.getMessage());
            }
        }
    }

    private Optional<ModelSelector.Selection> select(TenantPolicy policy) throws IOException {
        return ctx.models().select(vm.modelImage(), "",
            new CaptureInfo(Abis.byName(policy.detection().abi()), policy.detection().filter()));
    }

    /** Detection on an enabled session until released or the session ends. */
    private void detect(Attachment att, ModelSelector.Selection sel, TenantPolicy policy, String policyName)
        throws InterruptedException {
        Detector detector = new Detector(sel.model(), policy.model().index(), policy.alarmRule(), policy.detection().epsilon());
        phase = Phase.MONITORING;
        ObjectNode b = Journal.about(vm);
        b.put("driver", att.driver());
        b.put("model", sel.key() + " v" + sel.version().version());
        b.put("policy", policyName);
        b.put("enabledAfterMs", (System.nanoTime() - createdNanos) / 1_000_000);
        note("monitoring", "trap enabled", b);
        TrapSession ts = att.session();
        recorder = new VerdictRecorder(vm, policy, ctx.journal(), ctx.metrics(), new SeverityTracker(policy, ctx.clock()),
            () -> ts.stats().dropped());
        if (silent) {
            recorder.mute();
        }
        TrapPump p = new TrapPump(ts, detector, new TrapPump.Options(ctx.settings().lanes(), true,
            SocketCallMode.MULTIPLEXED), recorder, TrapBudgets.of(policy, System::nanoTime));
        pump = p;
        if (released) {
            p.stop();
        }
        Thread.interrupted();   // an interrupt meant for the attach retry must not cut the pump short
        PumpStats stats = p.run();
        String death = ts.deathReason();
        String why = released ? "released" : death != null ? "session died: " + death : "the trap source ended";
        ended(why, stats);
    }

    /** Attaches, retrying retryable failures every 2 s until the attach timeout; null when it gave up. */
    private Attachment attach(TrapAttacher attacher, TenantPolicy policy) throws InterruptedException {
        long deadline = System.nanoTime() + ctx.settings().attachTimeout().toNanos();
        while (true) {
            if (released) {
                return null;
            }
            try {
                return attacher.attach(vm, policy);
            } catch (AttachException e) {
                if (!e.retryable() || System.nanoTime() > deadline) {
                    unmonitored(policy, "cannot attach the " + attacher.driver() + " trap: " + e.getMessage());
                    return null;
                }
                LOG.info("{}: attach not possible yet ({}); retrying", vm, e.getMessage());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    private void unmonitored(TenantPolicy policy, String reason) {
        phase = Phase.UNMONITORED;
        boolean closed = policy.failMode() == TenantPolicy.FailMode.CLOSED;
        ObjectNode b = Journal.about(vm);
        b.put("failMode", policy.failMode().wireName());
        note("unmonitored", reason, b);
        LOG.warn("{}: not monitored: {} (failMode {})", vm, reason, policy.failMode().wireName());
        if (closed && !released) {
            ObjectNode r = Journal.about(vm);
            r.put("action", TenantPolicy.Action.PAUSE.wireName());
            r.put("level", "fail-closed");
            r.put("cause", "monitoring cannot run: " + reason + " (failMode: closed)");
            ctx.journal().record("action-request", vm, r);
        }
    }

    private void ended(String why, PumpStats stats) {
        phase = Phase.ENDED;
        ObjectNode b = Journal.about(vm);
        if (stats != null) {
            b.put("polled", stats.polled());
            b.put("scored", stats.scored());
            b.put("processes", stats.processes());
            b.put("shed", stats.shed());
        }
        VerdictRecorder r = recorder;
        if (r != null) {
            b.put("verdicts", r.verdicts());
            b.put("verdictsNotRecorded", r.muted());
        }
        note("ended", why, b);
    }

    private void note(String state, String reason, ObjectNode body) {
        ObjectNode b = body != null ? body : Journal.about(vm);
        b.put("state", state);
        b.put("reason", reason);
        ctx.journal().record("session", vm, b);
    }
}
