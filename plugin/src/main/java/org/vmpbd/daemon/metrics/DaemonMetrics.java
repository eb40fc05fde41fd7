package org.vmpbd.daemon.metrics;

import jakarta.inject.Inject;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The compute-node daemon's metrics, with one typed method per thing that happens. Per-VM series
 * carry the label {@code vm} (the libvirt domain name); {@link #removeVm(String)} drops them all
 * when the VM goes away. {@code vmpbd_events_per_second} is computed at scrape time from a
 * {@value #RATE_WINDOW_SECONDS}-second sliding window fed by {@link #eventsPolled(String, long)}.
 */
public final class DaemonMetrics {
    /** The window of {@code vmpbd_events_per_second}, in seconds. */
    public static final int RATE_WINDOW_SECONDS = 10;

    private static final String VM = "vm";

    private final LongSupplier nanoTime;
    private final Counter events;
    private final Counter dropped;
    private final CallbackGauge eventRate;
    private final Counter alarms;
    private final Counter verdicts;
    private final Histogram trapLatency;
    private final Gauge sessions;
    private final Gauge libvirtConnected;
    private final Counter libvirtReconnects;
    private final Counter outboxAppended;
    private final Gauge outboxPending;
    private final Counter actions;
    private final ConcurrentHashMap<String, SlidingRate> rates = new ConcurrentHashMap<>();

    /** Registers the daemon's metrics in {@code metrics}, with the system's monotonic clock. */
    @Inject
    public DaemonMetrics(Metrics metrics) {
        this(metrics, System::nanoTime);
    }

    /**
     * Registers the daemon's metrics in {@code metrics}.
     *
     * @param nanoTime a monotonic clock in nanoseconds (a fake one in tests)
     */
    public DaemonMetrics(Metrics metrics, LongSupplier nanoTime) {
        Objects.requireNonNull(metrics, "metrics");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        events = metrics.counter("vmpbd_events_total", "Syscall events polled from the trap.", VM);
        dropped = metrics.counter("vmpbd_events_dropped_total",
            "Events the trap buffer dropped because it was full.", VM);
        eventRate = metrics.callbackGauge("vmpbd_events_per_second",
            "Events polled per second over the last " + RATE_WINDOW_SECONDS + " s.", VM);
        alarms = metrics.counter("vmpbd_alarms_total", "Alarms raised by the detector.", VM);
        verdicts = metrics.counter("vmpbd_verdicts_total", "Process verdicts by result.", VM, "result");
        trapLatency = metrics.histogram("vmpbd_trap_latency_seconds",
            "Time from a trapped syscall to its event being polled.", Histogram.LATENCY_SECONDS, VM);
        sessions = metrics.gauge("vmpbd_sessions", "Trap sessions by state.", "state");
        libvirtConnected = metrics.gauge("vmpbd_libvirt_connected", "1 while the libvirt connection is up, else 0.");
        libvirtReconnects = metrics.counter("vmpbd_libvirt_reconnects_total", "Reconnections to libvirt.");
        outboxAppended = metrics.counter("vmpbd_outbox_appended_total", "Records appended to the outbox by kind.", "kind");
        outboxPending = metrics.gauge("vmpbd_outbox_pending", "Outbox records not yet delivered, per consumer.", "consumer");
        actions = metrics.counter("vmpbd_actions_total", "Response actions taken, by action and outcome.",
            "action", "outcome");
    }

    /** {@code n} events were polled from {@code vm}'s trap. */
    public void eventsPolled(String vm, long n) {
        events.labels(vm).inc(n);
        rates.computeIfAbsent(vm, this::newRate).record(nanoTime.getAsLong(), n);
    }

    /** {@code vm}'s trap buffer dropped {@code n} events. */
    public void eventsDropped(String vm, long n) {
        dropped.labels(vm).inc(n);
    }

    /** The detector raised an alarm for {@code vm}. */
    public void alarm(String vm) {
        alarms.labels(vm).inc();
    }

    /** A process of {@code vm} got a verdict. */
    public void verdict(String vm, boolean anomalous) {
        verdicts.labels(vm, anomalous ? "anomalous" : "normal").inc();
    }

    /** One event of {@code vm} took {@code nanos} from trap to poll. */
    public void trapLatency(String vm, long nanos) {
        trapLatency.labels(vm).observeNanos(nanos);
    }

    /** {@code count} trap sessions are now in {@code state}. */
    public void sessions(String state, long count) {
        sessions.labels(state).set(count);
    }

    /** The libvirt connection went up or down. */
    public void libvirtConnected(boolean connected) {
        libvirtConnected.labels().set(connected ? 1 : 0);
    }

    /** The daemon reconnected to libvirt. */
    public void libvirtReconnected() {
        libvirtReconnects.labels().inc();
    }

    /** A record of {@code kind} was appended to the outbox. */
    public void outboxAppended(String kind) {
        outboxAppended.labels(kind).inc();
    }

    /** {@code consumer} has {@code pending} outbox records left to deliver. */
    public void outboxPending(String consumer, long pending) {
        outboxPending.labels(consumer).set(pending);
    }

    /** A response {@code action} was taken with {@code outcome} (e.g. ok, failed, unsupported). */
    public void action(String action, String outcome) {
        actions.labels(action, outcome).inc();
    }

    /** Drops every series of {@code vm} (the VM went away); returns how many series were removed. */
    public int removeVm(String vm) {
        rates.remove(vm);
        int removed = 0;
        for (MetricFamily<?> f : new MetricFamily<?>[] {events, dropped, eventRate, alarms, verdicts, trapLatency}) {
            removed += f.removeWhere(VM, vm);
        }
        return removed;
    }

    private SlidingRate newRate(String vm) {
        SlidingRate rate = new SlidingRate(RATE_WINDOW_SECONDS, nanoTime.getAsLong());
        eventRate.bind(() -> rate.perSecond(nanoTime.getAsLong()), vm);
        return rate;
    }
}
