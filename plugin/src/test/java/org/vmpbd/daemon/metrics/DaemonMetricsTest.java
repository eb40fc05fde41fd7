package org.vmpbd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DaemonMetricsTest {
    private static final long S = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1000 * S);
    private final Metrics metrics = new Metrics();
    private final DaemonMetrics daemon = new DaemonMetrics(metrics, now::get);

    private ExpositionParser.Scrape scrape() {
        return ExpositionParser.parse(metrics.scrape());
    }

    @Test
    void everyDaemonMetricIsDeclaredWithHelpAndType() {
        Map<String, String> expected = Map.ofEntries(
            Map.entry("vmpbd_events_total", "counter"),
            Map.entry("vmpbd_events_dropped_total", "counter"),
            Map.entry("vmpbd_events_per_second", "gauge"),
            Map.entry("vmpbd_alarms_total", "counter"),
            Map.entry("vmpbd_verdicts_total", "counter"),
            Map.entry("vmpbd_trap_latency_seconds", "histogram"),
            Map.entry("vmpbd_sessions", "gauge"),
            Map.entry("vmpbd_libvirt_connected", "gauge"),
            Map.entry("vmpbd_libvirt_reconnects_total", "counter"),
            Map.entry("vmpbd_outbox_appended_total", "counter"),
            Map.entry("vmpbd_outbox_pending", "gauge"),
            Map.entry("vmpbd_actions_total", "counter"));
        ExpositionParser.Scrape s = scrape();
        assertEquals(expected, s.types());
        assertEquals(expected.keySet(), s.help().keySet());
        s.help().forEach((name, help) -> assertFalse(help.isBlank(), name));
        assertEquals(0, s.value("vmpbd_libvirt_connected"));
        assertEquals(0, s.value("vmpbd_libvirt_reconnects_total"));
    }

    @Test
    void recordsWhatTheDaemonReports() {
        daemon.eventsPolled("vm-a", 120);
        daemon.eventsPolled("vm-a", 30);
        daemon.eventsPolled("vm-b", 5);
        daemon.eventsDropped("vm-a", 7);
        daemon.alarm("vm-a");
        daemon.alarm("vm-a");
        daemon.verdict("vm-a", false);
        daemon.verdict("vm-a", false);
        daemon.verdict("vm-a", true);
        daemon.sessions("running", 3);
        daemon.sessions("dead", 1);
        daemon.sessions("running", 2);
        daemon.libvirtConnected(true);
        daemon.libvirtReconnected();
        daemon.outboxAppended("alarm");
        daemon.outboxAppended("alarm");
        daemon.outboxAppended("verdict");
        daemon.outboxPending("nova-metadata", 4);
        daemon.action("pause", "ok");
        daemon.action("quarantine", "failed");
        daemon.action("pause", "ok");

        ExpositionParser.Scrape s = scrape();
        assertEquals(150, s.value("vmpbd_events_total", "vm", "vm-a"));
        assertEquals(5, s.value("vmpbd_events_total", "vm", "vm-b"));
        assertEquals(7, s.value("vmpbd_events_dropped_total", "vm", "vm-a"));
        assertFalse(s.has("vmpbd_events_dropped_total", "vm", "vm-b"));
        assertEquals(2, s.value("vmpbd_alarms_total", "vm", "vm-a"));
        assertEquals(2, s.value("vmpbd_verdicts_total", "vm", "vm-a", "result", "normal"));
        assertEquals(1, s.value("vmpbd_verdicts_total", "vm", "vm-a", "result", "anomalous"));
        assertEquals(2, s.value("vmpbd_sessions", "state", "running"));
        assertEquals(1, s.value("vmpbd_sessions", "state", "dead"));
        assertEquals(1, s.value("vmpbd_libvirt_connected"));
        assertEquals(1, s.value("vmpbd_libvirt_reconnects_total"));
        assertEquals(2, s.value("vmpbd_outbox_appended_total", "kind", "alarm"));
        assertEquals(1, s.value("vmpbd_outbox_appended_total", "kind", "verdict"));
        assertEquals(4, s.value("vmpbd_outbox_pending", "consumer", "nova-metadata"));
        assertEquals(2, s.value("vmpbd_actions_total", "action", "pause", "outcome", "ok"));
        assertEquals(1, s.value("vmpbd_actions_total", "action", "quarantine", "outcome", "failed"));

        daemon.libvirtConnected(false);
        assertEquals(0, scrape().value("vmpbd_libvirt_connected"));
    }

    @Test
    void trapLatencyLandsInTheRightBuckets() {
        long[] nanos = {500, 1_000, 3_000, 20_000_000, 12 * S};
        for (long n : nanos) {
            daemon.trapLatency("vm-a", n);
        }
        ExpositionParser.Scrape s = scrape();
        String h = "vmpbd_trap_latency_seconds";
        assertEquals(2, s.value(h + "_bucket", "vm", "vm-a", "le", "0.000001"), "1 µs is inclusive");
        assertEquals(2, s.value(h + "_bucket", "vm", "vm-a", "le", "0.0000025"));
        assertEquals(3, s.value(h + "_bucket", "vm", "vm-a", "le", "0.000005"));
        assertEquals(3, s.value(h + "_bucket", "vm", "vm-a", "le", "0.01"));
        assertEquals(4, s.value(h + "_bucket", "vm", "vm-a", "le", "0.025"));
        assertEquals(4, s.value(h + "_bucket", "vm", "vm-a", "le", "10"));
        assertEquals(5, s.value(h + "_bucket", "vm", "vm-a", "le", "+Inf"));
        assertEquals(5, s.value(h + "_count", "vm", "vm-a"));
        assertEquals(12.0200045, s.value(h + "_sum", "vm", "vm-a"), 1e-12);
        List<ExpositionParser.Sample> buckets = s.samples(h + "_bucket");
        assertEquals(Histogram.LATENCY_SECONDS.size() + 1, buckets.size());
        for (int i = 1; i < buckets.size(); i++) {
            assertTrue(buckets.get(i).value() >= buckets.get(i - 1).value(), "cumulative at " + i);
        }
    }

    @Test
    void eventRateIsTheLastTenSecondsOnTheInjectedClock() {
        String rate = "vmpbd_events_per_second";
        daemon.eventsPolled("vm-a", 30);                       // t = 1000 s: the series starts
        now.set(1000 * S + S / 4);
        assertEquals(30.0, scrape().value(rate, "vm", "vm-a"), "younger than a second: over one second");

        for (int t = 1001; t <= 1020; t++) {                  // 100 events each second
            now.set(t * S);
            daemon.eventsPolled("vm-a", 100);
        }
        now.set(1021 * S);
        assertEquals(100.0, scrape().value(rate, "vm", "vm-a"), 1e-9, "steady 100/s");

        now.set(1031 * S);
        assertEquals(0.0, scrape().value(rate, "vm", "vm-a"), "quiet for ten seconds");

        now.set(1031 * S + S / 2);
        daemon.eventsPolled("vm-a", 500);
        assertEquals(500 / 9.5, scrape().value(rate, "vm", "vm-a"), 1e-9, "a burst over the 9.5 s the window covers");
        assertEquals(2530, scrape().value("vmpbd_events_total", "vm", "vm-a"));
    }

    @Test
    void removingAVmDropsAllItsSeriesAndOnlyThose() {
        for (String vm : new String[] {"gone", "stays"}) {
            daemon.eventsPolled(vm, 10);
            daemon.eventsDropped(vm, 1);
            daemon.alarm(vm);
            daemon.verdict(vm, true);
            daemon.verdict(vm, false);
            daemon.trapLatency(vm, 1000);
        }
        daemon.outboxAppended("gone"); // a different label with the same value

        assertEquals(7, daemon.removeVm("gone"));
        ExpositionParser.Scrape s = scrape();
        assertEquals(List.of(), s.withLabel("vm", "gone"));
        assertEquals(7 + Histogram.LATENCY_SECONDS.size() + 2, s.withLabel("vm", "stays").size());
        assertEquals(1, s.value("vmpbd_outbox_appended_total", "kind", "gone"));

        daemon.eventsPolled("gone", 3);
        assertEquals(3, scrape().value("vmpbd_events_total", "vm", "gone"), "a VM that comes back starts afresh");
        assertEquals(0, daemon.removeVm("never-seen"));
    }

    @Test
    void aVmNameWithQuotesAndBackslashesSurvivesTheScrape() {
        String vm = "inst\"ance\\0001";
        daemon.eventsPolled(vm, 2);
        daemon.trapLatency(vm, 2_000);
        String text = metrics.scrape();
        assertTrue(text.contains("vmpbd_events_total{vm=\"inst\\\"ance\\\\0001\"} 2\n"), text);
        ExpositionParser.Scrape s = ExpositionParser.parse(text);
        assertEquals(2, s.value("vmpbd_events_total", "vm", vm));
        assertEquals(1, s.value("vmpbd_trap_latency_seconds_bucket", "vm", vm, "le", "0.0000025"));
    }

    @Test
    void badInputIsRefusedWithTheMetricsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> daemon.eventsPolled(null, 1));
        assertTrue(e.getMessage().contains("vmpbd_events_total: label vm is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> daemon.eventsDropped("vm", -1));
        assertTrue(e.getMessage().contains("only goes up"), e.getMessage());
    }

    @Test
    void guiceGivesOneRegistryShared() {
        Injector injector = Guice.createInjector(new MetricsModule());
        DaemonMetrics d = injector.getInstance(DaemonMetrics.class);
        assertSame(d, injector.getInstance(DaemonMetrics.class));
        d.alarm("x");
        Metrics m = injector.getInstance(Metrics.class);
        assertEquals(1, ExpositionParser.parse(m.scrape()).value("vmpbd_alarms_total", "vm", "x"));
    }
}
