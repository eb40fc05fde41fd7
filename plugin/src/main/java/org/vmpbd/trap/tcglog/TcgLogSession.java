package org.vmpbd.trap.tcglog;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.trap.EventBuffer;
import org.vmpbd.trap.ProcessIdentities;
import org.vmpbd.trap.SessionState;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapStats;

/**
 * One tcglog session: a reader thread parses the FIFO QEMU logs to and hands events to the buffer;
 * a watchdog asks the monitor {@code info status} every probe interval (and at once when the log
 * ends), so a dead or hung QEMU marks the session DEAD within the interval plus the reply timeout.
 */
public final class TcgLogSession implements TrapSession {
    private static final Logger LOG = LoggerFactory.getLogger(TcgLogSession.class);
    private static final String X86_64 = "linux-x86_64";
    private static final String I386 = "linux-i386";
    /** Records at other addresses tolerated before concluding QEMU has no -dfilter. */
    private static final int FOREIGN_LIMIT = 64;

    private final String vm;
    private final HmpClient hmp;
    private final Path fifo;
    private final Path privateDir;
    private final Map<Long, String> abiByEntry = new HashMap<>();
    private final List<String> blindSpots;
    private final EventBuffer buffer;
    private final Duration probe;
    private final boolean vcpu;
    private final boolean dedupe;
    private final SessionState state = new SessionState();
    private final ProcessIdentities identities = ProcessIdentities.linuxX8664();
    private final AtomicLong trapped = new AtomicLong();
    private final AtomicLong processes = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    /** Per vCPU (reader thread only): the hash of its last record. */
    private final Map<Integer, Long> lastHash = new HashMap<>();
    private final Thread reader;
    private final Thread watchdog;
    private volatile boolean closing;

    TcgLogSession(String vm, HmpClient hmp, Path fifo, Path privateDir, long entry, List<Long> compat, List<String> blindSpots,
                  int buffer, Duration probe, boolean vcpu, boolean dedupe) {
        this.vm = vm;
        this.hmp = hmp;
        this.fifo = fifo;
        this.privateDir = privateDir;
        abiByEntry.put(entry, X86_64);
        for (long c : compat) {
            abiByEntry.put(c, I386);
        }
        this.blindSpots = List.copyOf(blindSpots);
        this.buffer = new EventBuffer(buffer);
        this.probe = probe;
        this.vcpu = vcpu;
        this.dedupe = dedupe;
        this.reader = new Thread(this::readLog, "vmpbd-tcglog-" + vm);
        this.reader.setDaemon(true);
        this.watchdog = new Thread(this::watch, "vmpbd-tcglog-watchdog-" + vm);
        this.watchdog.setDaemon(true);
    }

    void start() {
        reader.start();
        watchdog.start();
    }

    /** What this session cannot see. */
    public List<String> blindSpots() {
        return blindSpots;
    }

    /** The FIFO QEMU writes to. */
    public Path logPath() {
        return fifo;
    }

    @Override
    public void enable() throws TrapException {
        requireAlive();
        try {
            hmp.run("logfile " + fifo);
            String out = hmp.run("log " + (vcpu ? "cpu,exec" : "cpu"));
            if (!out.isBlank()) {
                throw new TrapException("tcglog " + vm + ": monitor refused 'log cpu': " + out.trim());
            }
        } catch (IOException e) {
            state.die("monitor: " + e.getMessage());
            throw new TrapException("tcglog " + vm + ": enable failed: " + e.getMessage(), e);
        }
        state.moveTo(State.ENABLED);
    }

    @Override
    public void disable() throws TrapException {
        State s = state.get();
        if (s == State.DEAD || s == State.CLOSED) {
            return;
        }
        try {
            hmp.run("log none");
        } catch (IOException e) {
            state.die("monitor: " + e.getMessage());
            throw new TrapException("tcglog " + vm + ": disable failed: " + e.getMessage(), e);
        }
        if (state.get() == State.ENABLED) {
            state.moveTo(State.DISABLED);
        }
    }

    @Override
    public List<SyscallEvent> poll(int max, Duration timeout) throws InterruptedException {
        return buffer.poll(max, timeout, () -> state.get() == State.DEAD || state.get() == State.CLOSED);
    }

    @Override
    public State state() {
        return state.get();
    }

    @Override
    public String deathReason() {
        return state.deathReason();
    }

    @Override
    public TrapStats stats() {
        return new TrapStats(trapped.get(), buffer.buffered(), buffer.dropped(), processes.get());
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (state.get() != State.DEAD) {
            try {
                hmp.run("log none");
            } catch (IOException e) {
                LOG.debug("{}: log none on close: {}", vm, e.getMessage());
            }
        }
        hmp.close();
        watchdog.interrupt();
        unblockReader();
        try {
            reader.join(2000);
            watchdog.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (state.get() != State.DEAD) {
            state.close();
        }
        if (privateDir != null) {
            try {
                Files.deleteIfExists(fifo);
                Files.deleteIfExists(privateDir);
            } catch (IOException ignored) {
                // a temporary FIFO
            }
        }
    }

    private void requireAlive() throws TrapException {
        State s = state.get();
        if (s == State.DEAD) {
            throw new TrapException("tcglog session " + vm + " is dead: " + state.deathReason());
        }
        if (s == State.CLOSED) {
            throw new TrapException("tcglog session " + vm + " is closed");
        }
    }

    /** A reader blocked opening the FIFO (no writer yet) is released by a read-write open. */
    private void unblockReader() {
        try (RandomAccessFile rw = new RandomAccessFile(fifo.toFile(), "rw")) {
            rw.getFD();
        } catch (IOException ignored) {
            // nothing to unblock
        }
    }

    // ---------------------------------------------------------------- reader

    private void readLog() {
        CpuDumpParser parser = new CpuDumpParser(this::onRecord);
        byte[] buf = new byte[1 << 20];
        try {
            while (!closing && state.get() != State.DEAD) {
                try (InputStream in = new FileInputStream(fifo.toFile())) {   // waits for QEMU to open it
                    int filled = 0;
                    int n;
                    while ((n = in.read(buf, filled, buf.length - filled)) > 0) {
                        filled += n;
                        int start = 0;
                        for (int i = 0; i < filled; i++) {
                            if (buf[i] == '\n') {
                                parser.line(buf, start, i);
                                start = i + 1;
                            }
                        }
                        System.arraycopy(buf, start, buf, 0, filled - start);
                        filled -= start;
                        if (filled == buf.length) {
                            filled = 0;   // an absurdly long line: drop it
                        }
                    }
                }
                parser.end();
                watchdog.interrupt();   // the log ended: QEMU closed it (log none) or is gone; check now
            }
        } catch (IOException e) {
            if (!closing) {
                state.die("reading the QEMU log " + fifo + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("{}: tcglog reader failed", vm, e);
            state.die("tcglog reader failed: " + e);
        }
    }

    /** Records dropped as QEMU's double logging of one execution. */
    public long duplicates() {
        return duplicates.get();
    }

    private void onRecord(CpuDumpParser.CpuRecord r) {
        // QEMU logs a translation block before running it; when a pending exit or interrupt request
        // ends the block before its first instruction, it is run, and logged, again: two records
        // identical to the byte. A real repeat of a call differs unless the program repeats it with
        // every register unchanged (e.g. a sched_yield busy loop), which is then under-counted.
        Long previous = lastHash.put(r.vcpu(), r.hash());
        if (dedupe && previous != null && previous == r.hash()) {
            duplicates.incrementAndGet();
            return;
        }
        String abi = abiByEntry.get(r.rip());
        if (abi == null) {
            if (foreign.incrementAndGet() == FOREIGN_LIMIT && trapped.get() == 0) {
                LOG.error("{}: QEMU logs code outside the system-call entries: started without -dfilter? Log turned off", vm);
                try {
                    hmp.run("log none");
                } catch (IOException ignored) {
                    // dying anyway
                }
                state.die("QEMU logs every translation block (started without -dfilter <entry>+0x1?); log turned off");
            }
            return;
        }
        boolean compat = abi.equals(I386);
        long cr3 = r.cr3() & SyscallEvent.CR3_ADDRESS_MASK;
        int nr = compat ? (int) (r.rax() & 0xffffffffL) : (int) r.rax();
        long[] args = compat
            ? new long[] {r.rbx() & 0xffffffffL, r.rcx() & 0xffffffffL, r.rdx() & 0xffffffffL, r.rsi() & 0xffffffffL,
                r.rdi() & 0xffffffffL, r.rbp() & 0xffffffffL}
            : new long[] {r.rdi(), r.rsi(), r.rdx(), r.r10(), r.r8(), r.r9()};
        int identityNr = compat ? i386ToIdentity(nr) : nr;
        long generation = identities.generation((int) (cr3 >>> 12), "", identityNr);
        processes.set(identities.count());
        trapped.incrementAndGet();
        buffer.offer(new SyscallEvent(vm, Math.max(0, r.vcpu()), cr3, -1, "", generation, nr, abi, args, System.nanoTime()));
    }

    private static int i386ToIdentity(int nr) {
        return switch (nr) {
            case 11 -> 59;     // execve
            case 358 -> 322;   // execveat
            case 252 -> 231;   // exit_group
            default -> -1;
        };
    }

    // ---------------------------------------------------------------- watchdog

    private void watch() {
        while (!closing && state.get() != State.DEAD) {
            try {
                Thread.sleep(probe.toMillis());
            } catch (InterruptedException e) {
                if (closing) {
                    return;
                }
            }
            try {
                String status = hmp.run("info status");
                if (!status.contains("VM status")) {
                    state.die("monitor answered '" + status.trim() + "' to info status");
                }
            } catch (IOException e) {
                if (!closing) {
                    state.die("QEMU monitor: " + e.getMessage());
                    LOG.warn("{}: tcglog session dead: {}", vm, e.getMessage());
                }
                return;
            }
        }
    }
}
