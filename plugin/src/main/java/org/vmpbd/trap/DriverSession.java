package org.vmpbd.trap;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base for sessions whose events come from one producer thread: the state transitions, the
 * bounded {@link EventBuffer}, the counters, and a watchdog. Drivers implement {@link #produce()}
 * (and may override {@link #probe()} and {@link #release()}); they hand events to {@link #emit},
 * which never blocks.
 *
 * <p>Life cycle: the first {@link #enable()} starts the producer and the watchdog; {@link #disable()}
 * makes {@link #awaitEnabled()} block the producer until enabled again. When {@code produce()}
 * returns on its own the source ran out: the session moves to {@link State#DISABLED}, {@link #finished()}
 * turns true, the counters are final, {@code poll} returns what is left and then empty at once, and
 * {@code enable()} refuses. When {@code produce()} throws, the session is {@link State#DEAD} with the
 * exception as the reason, at once. The watchdog looks every {@value #WATCH_PERIOD_MS} ms: a producer
 * thread that ended unexpectedly, a probe that reports a problem or throws, or a probe that does not
 * answer within {@value #PROBE_TIMEOUT_MS} ms marks the session dead, so a dead guest or driver is
 * reported within 5 s and never hangs the consumer.
 */
public abstract class DriverSession implements TrapSession {
    static final long WATCH_PERIOD_MS = 1_000;
    static final long PROBE_TIMEOUT_MS = 2_000;
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long STOP_TIMEOUT_MS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(DriverSession.class);

    private final String name;
    private final SessionState state = new SessionState();
    private final EventBuffer buffer;
    private final AtomicLong trapped = new AtomicLong();
    private final AtomicLong processes = new AtomicLong();
    private final Object lock = new Object();
    private volatile boolean exhausted;
    private Thread producer;
    private Thread watchdog;
    private ExecutorService prober;
    private boolean closed;

    /**
     * @param name           what the session traps, for messages and thread names, e.g. {@code replay of vm1}
     * @param bufferCapacity events the buffer holds before it drops
     */
    protected DriverSession(String name, int bufferCapacity) {
        this.name = name;
        this.buffer = new EventBuffer(bufferCapacity);
    }

    /**
     * Produces the events, on the session's producer thread: calls {@link #awaitEnabled()} before
     * each event (returning when it says false) and {@link #emit} for each. Returns when the source
     * ran out; an exception marks the session dead with the exception as the reason.
     */
    protected abstract void produce() throws Exception;

    /**
     * The watchdog's liveness probe, run every {@value #WATCH_PERIOD_MS} ms from its own thread:
     * null while the guest and driver are alive, otherwise why not. Must answer within
     * {@value #PROBE_TIMEOUT_MS} ms. The default says alive.
     */
    protected String probe() throws Exception {
        return null;
    }

    /** Releases the driver's resources on close, after the producer was interrupted. Default: nothing. */
    protected void release() {
    }

    /**
     * For the producer: waits while the session is open or disabled.
     *
     * @return true to go on, false when the session is dead or closed and the producer must return
     */
    protected final boolean awaitEnabled() throws InterruptedException {
        if (state.get() == State.ENABLED) {
            return true;
        }
        synchronized (lock) {
            while (true) {
                State s = state.get();
                if (s == State.ENABLED) {
                    return true;
                }
                if (s == State.DEAD || s == State.CLOSED) {
                    return false;
                }
                lock.wait();
            }
        }
    }

    /**
     * Counts a trapped event and buffers it; never blocks.
     *
     * @return false if it was dropped because the buffer was full, or ignored because the session is
     *         dead or closed (then it is not counted)
     */
    protected final boolean emit(SyscallEvent event) {
        State s = state.get();
        if (s == State.DEAD || s == State.CLOSED) {
            return false;
        }
        trapped.incrementAndGet();
        return buffer.offer(event);
    }

    /** Counts a new process identity (generation) for {@link TrapStats#processes()}. */
    protected final void processSeen() {
        processes.incrementAndGet();
    }

    /** Marks the session dead with {@code reason} (the first reason wins) and stops the producer. */
    protected final void die(String reason) {
        Thread p;
        synchronized (lock) {
            state.die(name + ": " + reason);
            lock.notifyAll();
            p = producer;
        }
        if (p != null && p != Thread.currentThread()) {
            p.interrupt();
        }
    }

    @Override
    public final void enable() throws TrapException {
        synchronized (lock) {
            requireUsable("enable");
            if (exhausted) {
                throw new TrapException(name + ": the source ran out; open a new session to trap again");
            }
            if (!state.moveTo(State.ENABLED)) {
                requireUsable("enable");
            }
            if (producer == null) {
                start();
            }
            lock.notifyAll();
        }
    }

    @Override
    public final void disable() throws TrapException {
        synchronized (lock) {
            requireUsable("disable");
            if (state.get() == State.ENABLED) {
                state.moveTo(State.DISABLED);
            }
        }
    }

    @Override
    public final List<SyscallEvent> poll(int max, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean over = finished();
            long left = deadline - System.nanoTime();
            long wait = over ? 0 : Math.max(0, Math.min(left, POLL_SLICE_NANOS));
            List<SyscallEvent> events = buffer.poll(max, Duration.ofNanos(wait));
            if (!events.isEmpty() || over || left <= 0) {
                return events;
            }
        }
    }

    @Override
    public final State state() {
        return state.get();
    }

    @Override
    public final boolean finished() {
        State s = state.get();
        return exhausted || s == State.DEAD || s == State.CLOSED;
    }

    @Override
    public final String deathReason() {
        return state.deathReason();
    }

    @Override
    public final TrapStats stats() {
        long buffered = buffer.buffered();
        long dropped = buffer.dropped();
        return new TrapStats(trapped.get(), buffered, dropped, processes.get());
    }

    @Override
    public final void close() {
        Thread p;
        Thread w;
        ExecutorService pr;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            state.close();
            lock.notifyAll();
            p = producer;
            w = watchdog;
            pr = prober;
        }
        if (w != null) {
            w.interrupt();
            pr.shutdownNow();
        }
        if (p != null) {
            p.interrupt();
        }
        try {
            release();
        } catch (RuntimeException e) {
            LOG.warn("{}: releasing the driver failed: {}", name, describe(e));
        }
        if (p != null && p != Thread.currentThread()) {
            try {
                p.join(STOP_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (p.isAlive()) {
                LOG.warn("{}: producer thread did not stop within {} ms", name, STOP_TIMEOUT_MS);
            }
        }
    }

    /** Called with the lock held, on the first enable. */
    private void start() {
        producer = new Thread(this::runProducer, "vmpbd-trap " + name);
        producer.setDaemon(true);
        prober = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vmpbd-probe " + name);
            t.setDaemon(true);
            return t;
        });
        watchdog = new Thread(this::watch, "vmpbd-watchdog " + name);
        watchdog.setDaemon(true);
        producer.start();
        watchdog.start();
    }

    private void runProducer() {
        try {
            produce();
            synchronized (lock) {
                if (!terminal()) {
                    exhausted = true;
                    state.moveTo(State.DISABLED);
                    lock.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            if (!terminal()) {
                die("producer interrupted");
            }
        } catch (Exception | Error e) {
            die("producer failed: " + describe(e));
        }
    }

    private void watch() {
        try {
            while (true) {
                Thread.sleep(WATCH_PERIOD_MS);
                if (finished()) {
                    return;
                }
                String problem = check();
                if (problem != null && !finished()) {
                    die(problem);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What is wrong, or null. */
    private String check() throws InterruptedException {
        Thread p;
        synchronized (lock) {
            p = producer;
        }
        if (!p.isAlive() && !exhausted) {
            return "producer thread ended unexpectedly";
        }
        Future<String> answer;
        try {
            answer = prober.submit(this::probe);
        } catch (RejectedExecutionException closing) {
            return null;
        }
        try {
            return answer.get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return "liveness probe did not answer within " + PROBE_TIMEOUT_MS + " ms";
        } catch (ExecutionException e) {
            return "liveness probe failed: " + describe(e.getCause());
        }
    }

    private boolean terminal() {
        State s = state.get();
        return s == State.DEAD || s == State.CLOSED;
    }

    private void requireUsable(String what) throws TrapException {
        State s = state.get();
        if (s == State.DEAD) {
            throw new TrapException("cannot " + what + " a dead session (" + state.deathReason() + ")");
        }
        if (s == State.CLOSED) {
            throw new TrapException("cannot " + what + " " + name + ": session closed");
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
