package org.vmpbd.daemon.hook;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's end of the libvirt qemu hook ({@code libvirt-hooks/qemu}): a Unix stream socket, root-only when
 * the daemon runs as root (directory 0700, socket 0600).
 *
 * <p>Wire protocol, version 1. Request: one ASCII header line
 * {@code VMPBD-HOOK 1 <op> <subop> <name> <count>\n} followed by exactly {@code count} bytes of domain XML;
 * {@code op} is {@code prepare|started|stopped|release}; {@code subop} and {@code name} are percent-encoded
 * (every byte of the UTF-8 form outside {@code [A-Za-z0-9._-]} as {@code %XX}); {@code count} is {@code -1}
 * when the hook withheld an XML over its {@code maxxml} (no body follows). Answer, to {@code prepare} only:
 * one line {@code ALLOW\n} or {@code DENY <reason>\n} (printable UTF-8, at most 400 bytes). Notifications get
 * no answer; the server reads them to the end. A connection carries one request.
 *
 * <p>Threads: one acceptor, {@code workers} connection threads with a bounded queue; a connection has
 * {@code readDeadline} to deliver its request. A stale socket file is replaced; if another server answers on
 * the path, {@link #start} refuses. Thread-safe; {@link #close} stops everything and removes the socket.
 */
public final class HookServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HookServer.class);

    private final HookServerSettings settings;
    private final HookHandler handler;
    private final Clock clock;
    private final HookSocketFile socketFile;
    private final Object lifecycle = new Object();
    private ServerSocketChannel server;
    private ThreadPoolExecutor workers;
    private Thread acceptor;
    private Object socketIdentity;
    private boolean closed;

    public HookServer(HookServerSettings settings, HookHandler handler, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.socketFile = new HookSocketFile(settings.socket());
    }

    public HookServer(HookServerSettings settings, HookHandler handler) {
        this(settings, handler, Clock.systemUTC());
    }

    /** Binds the socket and starts accepting. */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (server != null || closed) {
                throw new IllegalStateException("a hook server starts once");
            }
            socketFile.claim();
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            boolean bound = false;
            try {
                channel.bind(UnixDomainSocketAddress.of(socketFile.path()), 64);
                bound = true;
                socketIdentity = socketFile.identity();
                socketFile.restrict();
            } catch (IOException e) {
                channel.close();
                if (bound) {
                    socketFile.remove(socketIdentity);
                }
                throw new IOException("cannot listen for the libvirt hook on " + socketFile.path() + ": " + e.getMessage(), e);
            }
            server = channel;
            BlockingQueue<Runnable> waiting = settings.queue() == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queue());
            workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 30, TimeUnit.SECONDS, waiting,
                threads("vmpbd-hook-conn"));
            workers.allowCoreThreadTimeOut(true);
            acceptor = threads("vmpbd-hook-accept").newThread(this::acceptLoop);
            acceptor.start();
            LOG.info("listening for the libvirt hook on {}", socketFile.path());
        }
    }

    /** The socket path. */
    public Path socket() {
        return socketFile.path();
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                LOG.warn("accepting a hook connection failed: {}", e.toString());
                pause();
                continue;
            }
            try {
                workers.execute(new HookConnection(connection, settings, handler, clock));
            } catch (RejectedExecutionException e) {
                LOG.warn("too many hook connections waiting ({} workers busy, {} queued); closing one unanswered",
                    settings.workers(), settings.queue());
                closeQuietly(connection);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (server == null) {
                return;
            }
            closeQuietly(server);
            for (Runnable waiting : workers.shutdownNow()) {
                if (waiting instanceof HookConnection connection) {
                    connection.abandon();
                }
            }
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(2));
                if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                    LOG.warn("hook connection threads still busy after close (a handler ignores interrupts)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socketFile.remove(socketIdentity);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing: {}", e.toString());
        }
    }
}
