package org.vmpbd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final Metrics metrics = new Metrics();

    @Test
    void countersWriteHelpTypeAndValuesPerLabelSet() {
        Counter c = metrics.counter("x_total", "Things.", "vm");
        c.labels("b").inc(3);
        c.labels("a").inc();
        c.labels("a").inc(4);
        String text = metrics.scrape();
        assertEquals("# HELP x_total Things.\n# TYPE x_total counter\nx_total{vm=\"a\"} 5\nx_total{vm=\"b\"} 3\n", text);
        ExpositionParser.Scrape s = ExpositionParser.parse(text);
        assertEquals(5, s.value("x_total", "vm", "a"));
        assertEquals("counter", s.types().get("x_total"));
    }

    @Test
    void labelValuesAreEscapedAndReadBack() {
        String vm = "evil\"vm\\name\nline2";
        metrics.counter("x_total", "h", "vm").labels(vm).inc(7);
        String text = metrics.scrape();
        assertTrue(text.contains("x_total{vm=\"evil\\\"vm\\\\name\\nline2\"} 7\n"), text);
        assertEquals(7, ExpositionParser.parse(text).value("x_total", "vm", vm));
    }

    @Test
    void helpIsEscapedButQuotesAreNot() {
        metrics.gauge("g", "a \"quoted\" back\\slash\nnewline");
        String text = metrics.scrape();
        assertTrue(text.startsWith("# HELP g a \"quoted\" back\\\\slash\\nnewline\n"), text);
        assertEquals("a \"quoted\" back\\slash\nnewline", ExpositionParser.parse(text).help().get("g"));
    }

    @Test
    void metricsWithoutLabelsExistAtZeroFromTheStart() {
        metrics.counter("c_total", "h");
        metrics.gauge("g", "h");
        metrics.histogram("h_seconds", "h", List.of(1.0));
        ExpositionParser.Scrape s = ExpositionParser.parse(metrics.scrape());
        assertEquals(0, s.value("c_total"));
        assertEquals(0, s.value("g"));
        assertEquals(0, s.value("h_seconds_count"));
        assertEquals(0, s.value("h_seconds_bucket", "le", "+Inf"));
    }

    @Test
    void labelledMetricsWithoutSeriesStillDeclareThemselves() {
        metrics.counter("c_total", "Some help.", "vm");
        ExpositionParser.Scrape s = ExpositionParser.parse(metrics.scrape());
        assertEquals("counter", s.types().get("c_total"));
        assertEquals("Some help.", s.help().get("c_total"));
        assertTrue(s.samples().isEmpty());
    }

    @Test
    void badMetricNamesAreRefusedByName() {
        for (String bad : new String[] {"", "1abc", "a-b", "a b", "é"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metrics.counter(bad, "h"));
            assertTrue(e.getMessage().contains("invalid metric name '" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> metrics.counter(null, "h"));
        metrics.counter("ok:name_1", "h");
    }

    @Test
    void badLabelNamesAreRefused() {
        assertMessage(() -> metrics.counter("a", "h", "a-b"), "metric a: invalid label name 'a-b'");
        assertMessage(() -> metrics.counter("b", "h", "__name"), "label name __name is reserved");
        assertMessage(() -> metrics.counter("c", "h", "vm", "vm"), "label name vm appears twice");
        assertMessage(() -> metrics.counter("d", "h", "ok", null), "invalid label name null");
        assertMessage(() -> metrics.histogram("e", "h", List.of(1.0), "le"), "label name le is reserved");
        assertTrue(metrics.families().isEmpty(), "nothing registered by a refused call");
    }

    @Test
    void wrongLabelValuesAreRefusedNamingTheMetric() {
        Counter c = metrics.counter("v_total", "h", "vm", "result");
        assertMessage(() -> c.labels("only-one"), "metric v_total takes 2 label value(s) [vm, result], got 1");
        assertMessage(() -> c.labels("a", null), "metric v_total: label result is null");
        assertMessage(() -> c.labels((String[]) null), "metric v_total takes 2 label value(s)");
    }

    @Test
    void aNameIsRegisteredOnceAndHistogramSamplesCannotBeShadowed() {
        metrics.counter("x_total", "h");
        assertMessage(() -> metrics.gauge("x_total", "h"), "clashes with the already registered metric x_total");
        metrics.histogram("lat", "h", List.of(1.0));
        assertMessage(() -> metrics.counter("lat_count", "h"), "both use the name lat_count");
        assertMessage(() -> metrics.gauge("lat", "h"), "clashes");
        assertEquals(2, metrics.families().size());
    }

    @Test
    void countersOnlyGoUp() {
        Counter.Series s = metrics.counter("c_total", "h").labels();
        assertMessage(() -> s.inc(-1), "a counter only goes up");
        assertEquals(0, s.get());
    }

    @Test
    void gaugesSetAndAdd() {
        Gauge.Series g = metrics.gauge("g", "h", "k").labels("x");
        g.set(2.5);
        g.add(-4);
        assertEquals(-1.5, ExpositionParser.parse(metrics.scrape()).value("g", "k", "x"));
    }

    @Test
    void callbackGaugesAreReadAtScrapeTime() {
        AtomicReference<Double> v = new AtomicReference<>(1.0);
        metrics.callbackGauge("cb", "h", "k").bind(v::get, "x");
        assertEquals(1.0, ExpositionParser.parse(metrics.scrape()).value("cb", "k", "x"));
        v.set(Double.NaN);
        assertTrue(metrics.scrape().contains("cb{k=\"x\"} NaN\n"));
        v.set(0.125);
        assertEquals(0.125, ExpositionParser.parse(metrics.scrape()).value("cb", "k", "x"));
    }

    @Test
    void seriesCanBeRemovedOneByOneOrByLabelAcrossMetrics() {
        Counter c = metrics.counter("c_total", "h", "vm", "result");
        Gauge g = metrics.gauge("g", "h", "vm");
        Gauge other = metrics.gauge("o", "h", "consumer");
        c.labels("a", "normal").inc();
        c.labels("a", "anomalous").inc();
        c.labels("b", "normal").inc();
        g.labels("a").set(1);
        other.labels("a").set(1);

        assertTrue(c.remove("b", "normal"));
        assertFalse(c.remove("b", "normal"));
        assertEquals(3, metrics.removeSeries("vm", "a"));
        ExpositionParser.Scrape s = ExpositionParser.parse(metrics.scrape());
        assertEquals(List.of(), s.samples("c_total"));
        assertEquals(List.of(), s.samples("g"));
        assertEquals(1, s.value("o", "consumer", "a"), "a different label with the same value stays");
    }

    @Test
    void histogramBoundsMustBeFiniteAndIncreasing() {
        assertMessage(() -> metrics.histogram("h1", "h", List.of()), "histogram h1: needs at least one bucket bound");
        assertMessage(() -> metrics.histogram("h2", "h", List.of(1.0, 1.0)), "bucket bounds must increase, but 1.0 follows 1.0");
        assertMessage(() -> metrics.histogram("h3", "h", List.of(1.0, Double.POSITIVE_INFINITY)), "+Inf is implicit");
        assertMessage(() -> metrics.histogram("h4", "h", List.of(Double.NaN)), "bound NaN at index 0");
    }

    @Test
    void histogramBucketsAreCumulativeWithInclusiveUpperBounds() {
        Histogram.Series h = metrics.histogram("lat_seconds", "h", List.of(0.001, 0.01, 0.1), "vm").labels("a");
        for (double v : new double[] {0.0005, 0.001, 0.005, 0.01, 0.05, 5.0, 7.0}) {
            h.observe(v);
        }
        assertMessage(() -> h.observe(Double.NaN), "cannot observe NaN");
        ExpositionParser.Scrape s = ExpositionParser.parse(metrics.scrape());
        assertEquals(2, s.value("lat_seconds_bucket", "vm", "a", "le", "0.001"));
        assertEquals(4, s.value("lat_seconds_bucket", "vm", "a", "le", "0.01"));
        assertEquals(5, s.value("lat_seconds_bucket", "vm", "a", "le", "0.1"));
        assertEquals(7, s.value("lat_seconds_bucket", "vm", "a", "le", "+Inf"));
        assertEquals(7, s.value("lat_seconds_count", "vm", "a"));
        assertEquals(12.0665, s.value("lat_seconds_sum", "vm", "a"), 1e-12);
        assertEquals(7, h.count());
    }

    @Test
    void latencyBucketsSpanAMicrosecondToTenSecondsAndPrintAsPlainDecimals() {
        Histogram h = metrics.histogram("t_seconds", "h", Histogram.LATENCY_SECONDS);
        List<Double> bounds = h.bounds();
        assertEquals(1e-6, bounds.get(0));
        assertEquals(10.0, bounds.get(bounds.size() - 1));
        for (int i = 1; i < bounds.size(); i++) {
            double ratio = bounds.get(i) / bounds.get(i - 1);
            assertTrue(ratio >= 2 && ratio <= 2.5 + 1e-9, "roughly log-spaced: ratio " + ratio + " at " + i);
        }
        ExpositionParser.Scrape s = ExpositionParser.parse(metrics.scrape());
        List<String> les = s.samples("t_seconds_bucket").stream().map(x -> x.labels().get("le")).toList();
        assertEquals("0.000001", les.get(0));
        assertEquals("0.0000025", les.get(1));
        assertEquals("10", les.get(les.size() - 2));
        assertEquals("+Inf", les.get(les.size() - 1));
        for (int i = 0; i < bounds.size(); i++) {
            assertEquals(bounds.get(i), Double.parseDouble(les.get(i)), "le reads back exactly");
        }
    }

    /** Property-style: for random observations every bucket holds exactly the observations <= its bound. */
    @Test
    void histogramMatchesANaiveCountForRandomObservations() {
        Random random = new Random(20240611L);
        for (int round = 0; round < 40; round++) {
            Metrics m = new Metrics();
            Histogram.Series h = m.histogram("r_seconds", "h", Histogram.LATENCY_SECONDS).labels();
            List<Double> seen = new ArrayList<>();
            int n = random.nextInt(200);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double v = Math.pow(10, -7 + random.nextDouble() * 9); // 100 ns .. 100 s
                if (random.nextInt(10) == 0) {
                    v = Histogram.LATENCY_SECONDS.get(random.nextInt(Histogram.LATENCY_SECONDS.size()));
                }
                h.observe(v);
                seen.add(v);
                sum += v;
            }
            ExpositionParser.Scrape s = ExpositionParser.parse(m.scrape());
            for (ExpositionParser.Sample b : s.samples("r_seconds_bucket")) {
                double le = Double.parseDouble(b.labels().get("le").replace("+Inf", "Infinity"));
                long expected = seen.stream().filter(v -> v <= le).count();
                assertEquals(expected, b.value(), "round " + round + " le=" + le);
            }
            assertEquals(n, s.value("r_seconds_count"), "round " + round);
            assertEquals(sum, s.value("r_seconds_sum"), 1e-9 * Math.max(1, sum), "round " + round);
        }
    }

    @Test
    void concurrentIncrementsOfOneSeriesAreAllCounted() throws InterruptedException {
        Counter c = metrics.counter("c_total", "h", "vm");
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    c.labels("a").inc();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, c.seriesCount());
        assertEquals(40_000, c.labels("a").get());
    }

    private static void assertMessage(Runnable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
