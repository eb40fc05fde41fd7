package org.vmpbd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final Metrics metrics = new Metrics();
    private final DaemonMetrics daemon = new DaemonMetrics(metrics, () -> 0L);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsServer server;

    @BeforeEach
    void start() throws IOException {
        server = MetricsServer.start(metrics, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> request(String method, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aScrapeOverHttpShowsWhatWasRecorded() throws Exception {
        daemon.eventsPolled("vm-\"q\"\\1", 42);
        daemon.eventsDropped("vm-a", 3);
        daemon.alarm("vm-a");
        daemon.trapLatency("vm-a", 40_000);
        daemon.trapLatency("vm-a", 2 * 1_000_000_000L);

        HttpResponse<String> r = request("GET", "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
            r.headers().toString());
        ExpositionParser.Scrape s = ExpositionParser.parse(r.body());
        assertEquals(42, s.value("vmpbd_events_total", "vm", "vm-\"q\"\\1"));
        assertEquals(3, s.value("vmpbd_events_dropped_total", "vm", "vm-a"));
        assertEquals(1, s.value("vmpbd_alarms_total", "vm", "vm-a"));
        assertEquals(1, s.value("vmpbd_trap_latency_seconds_bucket", "vm", "vm-a", "le", "0.00005"));
        assertEquals(2, s.value("vmpbd_trap_latency_seconds_bucket", "vm", "vm-a", "le", "2.5"));
        assertEquals(2, s.value("vmpbd_trap_latency_seconds_count", "vm", "vm-a"));
        assertEquals(2.00004, s.value("vmpbd_trap_latency_seconds_sum", "vm", "vm-a"), 1e-12);

        daemon.alarm("vm-a");
        assertEquals(2, ExpositionParser.parse(request("GET", "/metrics?x=1").body())
            .value("vmpbd_alarms_total", "vm", "vm-a"), "every scrape is fresh; a query string is ignored");
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        for (String path : new String[] {"/", "/metrics/", "/metricsx", "/favicon.ico", "/metrics/../etc"}) {
            assertEquals(404, request("GET", path).statusCode(), path);
        }
        HttpResponse<String> post = request("POST", "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals(Optional.of("GET, HEAD"), post.headers().firstValue("Allow"));
        HttpResponse<String> head = request("HEAD", "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void bindsAnEphemeralPortOnLoopbackOnly() throws Exception {
        InetSocketAddress address = server.address();
        assertTrue(address.getAddress().isLoopbackAddress(), address.toString());
        assertEquals("127.0.0.1", address.getAddress().getHostAddress());
        assertTrue(server.port() > 0);
        try (MetricsServer second = MetricsServer.start(metrics, 0)) {
            assertNotEquals(server.port(), second.port());
        }

        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst();
        assumeTrue(external.isPresent(), "no non-loopback IPv4 address on this machine");
        try (Socket socket = new Socket()) {
            assertThrows(IOException.class,
                () -> socket.connect(new InetSocketAddress(external.get(), server.port()), 5000),
                "reachable on " + external.get());
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> MetricsServer.start(metrics, server.port()));
        assertTrue(e.getMessage().startsWith("cannot serve metrics on 127.0.0.1:" + server.port()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricsServer.start(metrics, 70000));
    }

    @Test
    void closeStopsListeningAndIsIdempotent() throws Exception {
        int port = server.port();
        assertEquals(200, request("GET", "/metrics").statusCode());
        server.close();
        server.close();
        try (Socket socket = new Socket()) {
            assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress("127.0.0.1", port), 5000));
        }
    }
}
