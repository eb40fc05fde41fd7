package org.vmpbd.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.daemon.metrics.DaemonMetrics;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.AlarmWindow;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.policy.SeverityLevel;
import org.vmpbd.policy.SeverityReading;
import org.vmpbd.policy.SeverityTracker;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.trap.BudgetEffect;
import org.vmpbd.trap.PumpListener;
import org.vmpbd.trap.SyscallEvent;

/**
 * Hears one VM's {@link org.vmpbd.trap.TrapPump}: counts events and their trap-to-detector latency, records
 * every alarm and verdict in the {@link Journal}, feeds alarms to the VM's {@link SeverityTracker} and, when the
 * level rises, records an {@code action-request} for each action of the policy's ladder at that level not asked
 * for yet in this session (the action executor carries them out from the outbox). After {@link #mute()} (the VM
 * migrated away) verdicts are counted, not recorded.
 */
final class VerdictRecorder implements PumpListener {
    private static final Logger LOG = LoggerFactory.getLogger(VerdictRecorder.class);
    private static final int MAX_WINDOWS_RECORDED = 16;

    private final VmIdentity vm;
    private final TenantPolicy policy;
    private final Journal journal;
    private final DaemonMetrics metrics;
    private final SeverityTracker tracker;
    private final Set<TenantPolicy.Action> requested = EnumSet.noneOf(TenantPolicy.Action.class);
    private final AtomicLong verdicts = new AtomicLong();
    private final AtomicLong muted = new AtomicLong();
    private final LongSupplier droppedSoFar;
    private long droppedCounted;
    private SeverityLevel level = SeverityLevel.NONE;
    private volatile boolean silent;

    /** @param droppedSoFar the trap session's drop counter (events lost to a full buffer) */
    VerdictRecorder(VmIdentity vm, TenantPolicy policy, Journal journal, DaemonMetrics metrics, SeverityTracker tracker,
                    LongSupplier droppedSoFar) {
        this.vm = vm;
        this.droppedSoFar = droppedSoFar;
        this.policy = policy;
        this.journal = journal;
        this.metrics = metrics;
        this.tracker = tracker;
    }

    /** Brings the drop counter up to date (on the pump's thread, and once more when the session ends). */
    void countDrops() {
        long d = droppedSoFar.getAsLong();
        if (d > droppedCounted) {
            metrics.eventsDropped(vm.name(), d - droppedCounted);
            droppedCounted = d;
        }
    }

    /** From now on verdicts are not recorded (the VM lives on elsewhere). */
    void mute() {
        silent = true;
    }

    long verdicts() {
        return verdicts.get();
    }

    long muted() {
        return muted.get();
    }

    @Override
    public void polled(List<SyscallEvent> events) {
        metrics.eventsPolled(vm.name(), events.size());
        countDrops();
        long now = System.nanoTime();
        for (SyscallEvent e : events) {
            metrics.trapLatency(vm.name(), now - e.timeNanos());
        }
    }

    @Override
    public void refused(String abi, String reason) {
        ObjectNode b = Journal.about(vm);
        b.put("event", "refused-abi");
        b.put("abi", abi);
        b.put("reason", reason);
        journal.record("session", vm, b);
    }

    @Override
    public void alarm(Alarm a) {
        metrics.alarm(vm.name());
        ObjectNode b = Journal.about(vm);
        process(b, a.processId());
        b.put("window", a.windowIndex());
        b.put("rule", a.rule());
        ArrayNode ws = b.putArray("windows");
        List<AlarmWindow> windows = a.windows();
        for (AlarmWindow w : windows.subList(Math.max(0, windows.size() - MAX_WINDOWS_RECORDED), windows.size())) {
            ObjectNode o = ws.addObject();
            o.put("index", w.index());
            o.put("similarity", w.similarity());
            ArrayNode calls = o.putArray("calls");
            for (int c : w.calls()) {
                calls.add(c);
            }
        }
        long seq = journal.record("alarm", vm, b);
        escalate(a, seq);
    }

    private synchronized void escalate(Alarm a, long alarmSeq) {
        tracker.alarm(a);
        SeverityReading r = tracker.read();
        if (r.level().compareTo(level) <= 0) {
            return;
        }
        level = r.level();
        for (TenantPolicy.Action action : policy.actions().at(level)) {
            if (requested.add(action)) {
                ObjectNode b = Journal.about(vm);
                b.put("action", action.wireName());
                b.put("level", level.name().toLowerCase(Locale.ROOT));
                b.put("score", r.score());
                b.put("alarms", r.alarms());
                b.put("processes", r.processes());
                b.put("cause", "alarm of " + a.processId() + (alarmSeq > 0 ? " (outbox #" + alarmSeq + ")" : ""));
                journal.record("action-request", vm, b);
            }
        }
    }

    @Override
    public void verdict(ProcessVerdict v) {
        verdict(v, null);
    }

    @Override
    public void verdict(ProcessVerdict v, BudgetEffect effect) {
        if (v != null) {
            metrics.verdict(vm.name(), v.anomalous());
        }
        if (silent) {
            muted.incrementAndGet();
            return;
        }
        verdicts.incrementAndGet();
        ObjectNode b = Journal.about(vm);
        if (v == null) {
            b.put("process", "(not scored: over the trap budget)");
            b.put("result", "not-scored");
        } else {
            process(b, v.processId());
            b.put("result", !v.scored() ? "too-short" : v.anomalous() ? "anomalous" : "normal");
            b.put("calls", v.calls());
            b.put("windows", v.windows());
            b.put("misses", v.misses());
            b.put("alarms", v.alarms().size());
        }
        if (effect != null) {
            b.put("budget", effect.describe());
        }
        journal.record("verdict", vm, b);
    }

    @Override
    public void error(RuntimeException error) {
        LOG.warn("{}: an event could not be scored: {}", vm, error.getMessage());
    }

    /** Splits a process key {@code vm/pid/comm/generation} into the body. */
    private static void process(ObjectNode b, String key) {
        b.put("process", key);
        String[] parts = key.split("/");
        if (parts.length >= 4) {
            b.put("pid", parts[1]);
            b.put("comm", String.join("/", java.util.Arrays.copyOfRange(parts, 2, parts.length - 1)));
        }
    }
}
