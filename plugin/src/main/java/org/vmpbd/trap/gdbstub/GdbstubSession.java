package org.vmpbd.trap.gdbstub;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * One gdbstub trap session. A single trap thread owns the connection: it waits for stop replies
 * while the guest runs, handles each entry stop (one {@code g}, the task pointer through the
 * profile, the event, the entry instruction emulated with {@code P} writes, {@code c}), and carries
 * out enable/disable/close, interrupting the guest (0x03) when it must speak while the guest runs.
 * After {@code probe-interval} without a stop it interrupts and resumes once to check the stub is
 * alive; any read has {@code reply-timeout}. EOF, a timeout or an error marks the session DEAD with
 * the reason.
 */
public final class GdbstubSession implements TrapSession {
    private static final Logger LOG = LoggerFactory.getLogger(GdbstubSession.class);

    /** KPTI's user PGD is the kernel PGD + 4 KiB (PTI_USER_PGTABLE_BIT); its PCID has bit 11 set. */
    private static final long KPTI_USER_PGD = 1L << 12;
    private static final long KPTI_USER_PCID = 1L << 11;

    private enum Op { ENABLE, DISABLE, CLOSE, ABANDON }

    private record Command(Op op, CompletableFuture<Void> done) {
    }

    /** The trap thread's way out once the connection is closed on purpose. */
    private static final class Finished extends Exception {
        Finished() {
            super(null, null, false, false);
        }
    }

    /** Our own deliberate drop of the connection (crash test). */
    private static final class Abandoned extends IOException {
        Abandoned() {
            super("connection dropped at a trap without detaching (simulated crash of vmpbd)");
        }
    }

    private final String vm;
    private final GdbstubSettings settings;
    private final RspClient client;
    private final RegisterLayout layout;
    private final Map<Long, EntryPoint> entries = new LinkedHashMap<>();
    private final List<String> blindSpots;
    private final TaskReader tasks;
    private final EventBuffer buffer;
    private final SessionState state = new SessionState();
    private final ProcessIdentities identities = ProcessIdentities.linuxX8664();
    private final AtomicLong trapped = new AtomicLong();
    private final AtomicLong processes = new AtomicLong();
    private final AtomicLong handlerNanos = new AtomicLong();
    private final LinkedBlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final Thread thread;

    // trap thread only
    private volatile boolean running;
    private volatile boolean externallyStopped;
    private boolean inserted;
    private boolean abandonAtNextTrap;
    private boolean kptiSeen;
    private final List<EntryPoint> armed = new ArrayList<>();
    private long lastHeard;

    GdbstubSession(String vm, GdbstubSettings settings, RspClient client, List<EntryPoint> entries, List<String> blindSpots,
                   TaskReader tasks, boolean externallyStopped) {
        this.vm = vm;
        this.settings = settings;
        this.client = client;
        this.layout = new RegisterLayout(client.target());
        for (EntryPoint e : entries) {
            this.entries.put(e.address(), e);
        }
        this.blindSpots = new ArrayList<>(blindSpots);
        this.tasks = tasks;
        this.buffer = new EventBuffer(settings.buffer());
        this.externallyStopped = externallyStopped;
        this.thread = new Thread(this::run, "vmpbd-gdbstub-" + vm);
        this.thread.setDaemon(true);
    }

    /** Starts the trap thread; the guest (stopped by the attach) resumes unless someone else paused it. */
    void start() {
        lastHeard = System.nanoTime();
        thread.start();
    }

    /** The entry points this session traps once enabled. */
    public List<EntryPoint> entries() {
        return List.copyOf(entries.values());
    }

    /** What this session cannot see (entries not found or not armed). */
    public synchronized List<String> blindSpots() {
        return List.copyOf(blindSpots);
    }

    /** Mean client-side time per trapped call (register read to continue), in ns. */
    public long meanHandlerNanos() {
        long n = trapped.get();
        return n == 0 ? 0 : handlerNanos.get() / n;
    }

    /** Counters of the identity reads (diagnostics, approximate while the session runs). */
    public String identityReadStats() {
        TaskReader t = tasks;
        if (t == null) {
            return "no guest profile";
        }
        return "stops " + t.reads() + ", extra pid round trips " + t.extraIdReads() + ", comm reads " + t.commReads()
            + ", failed reads " + t.failures() + (kptiSeen ? " (KPTI)" : "");
    }

    @Override
    public void enable() throws TrapException {
        submit(Op.ENABLE);
    }

    @Override
    public void disable() throws TrapException {
        if (state.get() == State.DEAD || state.get() == State.CLOSED) {
            return;
        }
        submit(Op.DISABLE);
    }

    @Override
    public List<SyscallEvent> poll(int max, Duration timeout) throws InterruptedException {
        return buffer.poll(max, timeout, () -> state.get() == State.DEAD || state.get() == State.CLOSED);
    }

    @Override
    public State state() {
        return state.get();
    }

    /** True while this session holds the guest stopped (handling a trap, a command or a probe): its own stop. */
    @Override
    public boolean holdsGuest() {
        return !running && !externallyStopped && state() != State.DEAD && state() != State.CLOSED;
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
        State s = state.get();
        if (s != State.DEAD && s != State.CLOSED && thread.isAlive()) {
            try {
                submit(Op.CLOSE);
            } catch (TrapException e) {
                LOG.warn("{}: closing the gdbstub session: {}", vm, e.getMessage());
            }
        }
        client.close();
        try {
            thread.join(settings.replyTimeout().toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (state.get() != State.DEAD) {
            state.close();
        }
    }

    /**
     * For tests of crash recovery: at the next trapped call, drop the connection without detaching,
     * as a crash of vmpbd would, leaving the guest stopped at the breakpoint. The session dies.
     */
    void abandonAtNextTrap() throws TrapException {
        submit(Op.ABANDON);
    }

    private void submit(Op op) throws TrapException {
        State s = state.get();
        if (s == State.DEAD) {
            throw new TrapException("gdbstub session " + vm + " is dead: " + state.deathReason());
        }
        if (s == State.CLOSED) {
            throw new TrapException("gdbstub session " + vm + " is closed");
        }
        Command c = new Command(op, new CompletableFuture<>());
        commands.add(c);
        client.connection().wakeup();
        long wait = settings.replyTimeout().toMillis() * 3 + settings.probeInterval().toMillis();
        try {
            c.done().get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrapException("gdbstub session " + vm + ": interrupted during " + op, e);
        } catch (ExecutionException e) {
            throw new TrapException("gdbstub session " + vm + ": " + op.name().toLowerCase() + " failed: "
                + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            state.die(op.name().toLowerCase() + " not done within " + wait + " ms (trap thread stuck)");
            client.close();
            throw new TrapException("gdbstub session " + vm + ": " + op + " timed out", e);
        }
    }

    // ---------------------------------------------------------------- trap thread

    private void run() {
        String reason = null;
        try {
            loop();
        } catch (Finished f) {
            reason = null;
        } catch (Abandoned e) {
            reason = e.getMessage();
        } catch (EOFException e) {
            reason = "gdbstub connection closed by QEMU (VM shut down, destroyed or QEMU gone): " + e.getMessage();
        } catch (RspTimeoutException e) {
            reason = "gdbstub silent: " + e.getMessage() + " (QEMU hung or stopped)";
        } catch (IOException e) {
            reason = state.get() == State.CLOSED ? null
                : "gdbstub connection lost (QEMU gone or socket broken): " + e.getMessage();
        } catch (RuntimeException | Error e) {
            reason = "trap thread failed: " + e;
            LOG.error("{}: gdbstub trap thread failed", vm, e);
        } finally {
            client.close();
            if (reason != null) {
                state.die(reason);
                LOG.warn("{}: gdbstub session dead: {}", vm, reason);
            }
            Command c;
            while ((c = commands.poll()) != null) {
                c.done().completeExceptionally(new IOException(state.get() == State.DEAD
                    ? "session dead: " + state.deathReason() : "session closed"));
            }
            LOG.debug("{}: gdbstub session ended: {} trapped, mean handler {} us, {} packets sent", vm, trapped.get(),
                meanHandlerNanos() / 1000, client.connection().packetsSent());
        }
    }

    private void loop() throws IOException, Finished {
        Duration reply = settings.replyTimeout();
        long probeNs = settings.probeInterval().toNanos();
        while (true) {
            if (!running) {
                runCommands();
                if (externallyStopped) {
                    waitWhileExternallyStopped();
                    continue;
                }
                client.resume();
                running = true;
                lastHeard = System.nanoTime();
                continue;
            }
            if (!commands.isEmpty()) {
                stopGuest(reply);
                continue;
            }
            long wait = probeNs - (System.nanoTime() - lastHeard);
            if (wait <= 0) {
                stopGuest(reply);   // liveness probe: interrupt, then resume in the next turn
                continue;
            }
            if (client.connection().awaitInput(Duration.ofNanos(wait))) {
                StopReply s = client.awaitStop(reply);
                running = false;
                lastHeard = System.nanoTime();
                onStop(s, false);
            }
        }
    }

    /** Interrupts the running guest and handles the stop that results (a trap may win the race). */
    private void stopGuest(Duration reply) throws IOException, Finished {
        client.interrupt();
        StopReply s = client.awaitStop(reply);
        running = false;
        lastHeard = System.nanoTime();
        onStop(s, true);
    }

    private void onStop(StopReply s, boolean interrupted) throws IOException, Finished {
        if (s.exited()) {
            throw new EOFException("the guest ended (" + s.raw() + ")");
        }
        if (s.signal() == StopReply.SIGTRAP) {
            trap(s);
        } else if (s.signal() == StopReply.SIGINT && interrupted) {
            return;
        } else {
            // a stop we did not ask for: a pause from the monitor/libvirt (T02), shutdown (T03), ...
            externallyStopped = true;
            LOG.info("{}: VM stopped by someone else ({}); not resuming it until it runs again", vm, s.raw());
        }
    }

    /**
     * While the VM is paused by someone else: carry out commands, and every probe interval send a
     * harmless query ({@code qC}). A stopped stub answers it ({@code QC...}); a running VM is stopped
     * by the packet's first byte and says so with a T02 instead: it was resumed, so we resume it too.
     * ({@code ?} would not do: QEMU removes all breakpoints when asked {@code ?}.)
     */
    private void waitWhileExternallyStopped() throws IOException, Finished {
        try {
            Command c = commands.poll(settings.probeInterval().toMillis(), TimeUnit.MILLISECONDS);
            if (c != null) {
                handle(c);
                runCommands();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        client.connection().sendUnacked("qC");
        String reply = client.connection().receive(settings.replyTimeout());
        lastHeard = System.nanoTime();
        StopReply s = StopReply.parse(reply);
        if (s != null && s.exited()) {
            throw new EOFException("the guest ended (" + s.raw() + ")");
        }
        if (s != null) {
            externallyStopped = false;
            LOG.info("{}: VM runs again ({} to our probe); trapping resumes", vm, s.raw());
        }
    }

    private void runCommands() throws IOException, Finished {
        Command c;
        while ((c = commands.poll()) != null) {
            handle(c);
        }
    }

    private void handle(Command c) throws IOException, Finished {
        try {
            switch (c.op()) {
                case ENABLE -> arm();
                case DISABLE -> disarm();
                case ABANDON -> abandonAtNextTrap = true;
                case CLOSE -> {
                    disarm();
                    if (!externallyStopped) {
                        client.detach();   // D;1: QEMU removes all breakpoints and resumes the VM
                    }
                    state.close();
                    c.done().complete(null);
                    client.close();
                    throw new Finished();
                }
                default -> throw new IllegalStateException(c.op().toString());
            }
            c.done().complete(null);
        } catch (IOException | RuntimeException e) {
            c.done().completeExceptionally(e);
            throw e;
        }
    }

    private void arm() throws IOException {
        if (inserted) {
            return;
        }
        for (EntryPoint e : entries.values()) {
            try {
                client.insertBreakpoint(e.address(), settings.hardwareBreakpoints());
                armed.add(e);
            } catch (IOException ex) {
                if (e.kind() == EntryPoint.Kind.SYSCALL_64 || ex instanceof RspTimeoutException || ex instanceof EOFException) {
                    for (EntryPoint a : armed) {
                        client.removeBreakpoint(a.address(), settings.hardwareBreakpoints());
                    }
                    armed.clear();
                    throw ex;
                }
                synchronized (this) {
                    blindSpots.add(e.kind().symbol() + ": breakpoint refused (" + ex.getMessage() + ")");
                }
                LOG.warn("{}: {} not trapped: {}", vm, e.kind().symbol(), ex.getMessage());
            }
        }
        inserted = true;
        state.moveTo(State.ENABLED);
    }

    private void disarm() throws IOException {
        if (inserted) {
            for (EntryPoint e : armed) {
                client.removeBreakpoint(e.address(), settings.hardwareBreakpoints());
            }
            armed.clear();
            inserted = false;
        }
        if (state.get() == State.ENABLED) {
            state.moveTo(State.DISABLED);
        }
    }

    private void trap(StopReply s) throws IOException, Finished {
        long t0 = System.nanoTime();
        int vcpu = Math.max(0, s.vcpu());
        TaskReader.Prefetch pre = tasks == null
            ? new TaskReader.Prefetch(client.readAllRegisters(), 0, null, 0, null)
            : tasks.prefetch(vcpu, !kptiSeen);
        byte[] g = pre.registers();
        long rip = layout.value(g, layout.rip);
        EntryPoint entry = entries.get(rip);
        if (entry == null || !inserted) {
            return;   // not one of ours (or already disarmed): resume as is
        }
        long rax = layout.value(g, layout.rax);
        long cr3Raw = layout.value(g, layout.cr3);
        long cr3 = cr3Raw & SyscallEvent.CR3_ADDRESS_MASK;
        long kernelGs = layout.value(g, layout.kernelGsBase);
        TaskIdentity task;
        if (tasks == null) {
            task = TaskIdentity.UNKNOWN;
        } else if (kptiSeen && (cr3Raw & KPTI_USER_PGD) != 0) {
            task = readThroughKernelTables(vcpu, cr3Raw, cr3, kernelGs, pre);
        } else {
            long failuresBefore = tasks.failures();
            task = tasks.identify(vcpu, cr3, kernelGs, pre);
            if (tasks.failures() > failuresBefore && (cr3Raw & KPTI_USER_PGD) != 0) {
                // KPTI: the user page tables map neither the per-cpu area nor task structs
                TaskIdentity viaKernel = readThroughKernelTables(vcpu, cr3Raw, cr3, kernelGs, pre);
                if (viaKernel.known()) {
                    kptiSeen = true;
                    LOG.info("{}: guest runs with KPTI: task reads go through the kernel page tables", vm);
                }
                task = viaKernel;
            }
        }
        EntryPoint.Kind kind = entry.kind();
        boolean compat = kind.compat();
        int nr = compat ? (int) (rax & 0xffffffffL) : (int) rax;
        String[] argRegs = kind.argRegisters();
        long[] args = new long[argRegs.length];
        for (int i = 0; i < args.length; i++) {
            long v = layout.value(g, argRegs[i]);
            args[i] = compat ? v & 0xffffffffL : v;
        }
        int pid = task.known() ? task.tgid() : -1;
        int identityPid = task.known() ? task.tgid() : (int) (cr3 >>> 12);
        int identityNr = SyscallNumbers.identityNumber(kind.abi(), nr);
        long generation = identities.generation(identityPid, task.comm(), identityNr);
        processes.set(identities.count());
        if (tasks != null && SyscallNumbers.invalidatesTask(kind.abi(), nr)) {
            tasks.invalidate(cr3, task);
        }
        buffer.offer(new SyscallEvent(vm, vcpu, cr3, pid, task.comm(), generation, nr, kind.abi(), args, t0));
        trapped.incrementAndGet();
        if (abandonAtNextTrap) {
            client.close();   // as a crash would: no detach, the VM stays stopped at the breakpoint
            throw new Abandoned();
        }
        emulate(entry, g, rip);
        handlerNanos.addAndGet(System.nanoTime() - t0);
    }

    /**
     * Under KPTI, CR3 at the entry is the user half of the PGD pair (bit 12 set; PCID bit 11 too
     * with PCID): reads the task through the kernel half, writing CR3 for the reads and restoring it
     * before the guest runs again. A crash in between would leave the kernel tables in CR3, which
     * the entry code loads itself a few instructions later anyway.
     */
    private TaskIdentity readThroughKernelTables(int vcpu, long cr3Raw, long cr3, long kernelGs, TaskReader.Prefetch pre)
        throws IOException {
        long kernelCr3 = cr3Raw & ~(KPTI_USER_PGD | KPTI_USER_PCID | (1L << 63));
        client.writeRegister(layout.cr3, kernelCr3);
        try {
            return tasks.identify(vcpu, cr3, kernelGs, new TaskReader.Prefetch(pre.registers(), 0, null, 0, null));
        } finally {
            client.writeRegister(layout.cr3, cr3Raw);
        }
    }

    /** Carries out the entry's first instruction for the guest (pipelined P writes), so that {@code c} moves on. */
    private void emulate(EntryPoint entry, byte[] g, long rip) throws IOException {
        long next = rip + entry.instruction().length();
        switch (entry.instruction()) {
            case SWAPGS -> client.writeRegisters(List.of(layout.gsBase, layout.kernelGsBase, layout.rip),
                new long[] {layout.value(g, layout.kernelGsBase), layout.value(g, layout.gsBase), next});
            case CLAC -> client.writeRegisters(List.of(layout.eflags, layout.rip),
                new long[] {layout.value(g, layout.eflags) & ~EntryInstruction.EFLAGS_AC, next});
            default -> client.writeRegisters(List.of(layout.rip), new long[] {next});   // a no-op: only rip moves
        }
    }
}
