package org.vmpbd.daemon.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@link Metrics} for Prometheus on {@code 127.0.0.1:<port>}, loopback only: {@code GET}
 * (or {@code HEAD}) {@code /metrics} answers the text exposition format 0.0.4; other methods get
 * 405 and other paths 404. Two daemon threads serve requests. {@link #close()} stops listening
 * and waits briefly for requests in progress.
 */
public final class MetricsServer implements AutoCloseable {
    /** The only path served. */
    public static final String PATH = "/metrics";

    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;
    private boolean closed;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code metrics} on the loopback address.
     *
     * @param port the TCP port, 0 for an ephemeral one (see {@link #port()})
     * @throws IOException if the port cannot be bound; the message names the address
     */
    public static MetricsServer start(Metrics metrics, int port) throws IOException {
        Objects.requireNonNull(metrics, "metrics");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 0..65535, got " + port);
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address.getAddress().getHostAddress() + ":" + port
                + ": " + e.getMessage(), e);
        }
        // unbounded queue: a rejected task would kill the server's dispatcher thread
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(metrics, exchange));
        server.start();
        return new MetricsServer(server, executor);
    }

    /** The bound port (the ephemeral one chosen when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The bound address (always a loopback address). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops listening, then lets requests in progress finish (up to 2 s). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void handle(Metrics metrics, HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!PATH.equals(path)) {
                send(exchange, 404, "not found: only " + PATH + " is served\n", false);
                return;
            }
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "method " + method + " not allowed on " + PATH + "\n", false);
                return;
            }
            String body;
            try {
                body = metrics.scrape();
            } catch (RuntimeException e) {
                send(exchange, 500, "scrape failed: " + e + "\n", head);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", Exposition.CONTENT_TYPE);
            send(exchange, 200, body, head);
        }
    }

    private static void send(HttpExchange exchange, int status, String body, boolean head) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        if (head) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "vmpbd-metrics-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
