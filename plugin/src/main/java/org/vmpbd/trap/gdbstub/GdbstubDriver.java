package org.vmpbd.trap.gdbstub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.trap.TrapDriver;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapTarget;
import org.vmpbd.trap.guest.GuestProfile;

/**
 * The stock-QEMU trap driver ({@code gdbstub}): works on any QEMU with a gdbstub, KVM or TCG, with
 * no change to the guest and no libvirt (the endpoint is a plain setting; enabling the gdbstub
 * through libvirt is someone else's job). It speaks the GDB remote protocol from Java
 * ({@link RspClient}), breaks on the guest's system-call entries, reads RAX, CR3 and the argument
 * registers with one {@code g} per stop, emulates the entry's first instruction ({@code swapgs}:
 * exchange gs_base and k_gs_base, rip += 3) instead of single-stepping (the "emuP" route: no step,
 * no breakpoint toggling), and continues. About 3 round trips per call: {@code g} with the task
 * pointer and ids pipelined, the {@code P} writes pipelined, {@code c}. Settings: see
 * {@link GdbstubSettings} ({@code endpoint}, {@code vmlinux} or {@code profile}, {@code entry},
 * {@code compat}, {@code breakpoint}, {@code buffer}, timeouts).
 *
 * <p><b>Process identity.</b> Guests recycle CR3 values (freed page-table roots are reused within a
 * few processes), so events name the process through a {@link GuestProfile} computed from the
 * guest kernel's BTF: the current task from {@code *(k_gs_base + current_task)} (at the entry
 * swapgs has not run yet, so the kernel per-cpu base is in k_gs_base), its tgid, pid and comm
 * ({@link TaskReader}); {@link org.vmpbd.trap.ProcessIdentities} then starts a new generation on
 * exec, exit_group and comm change. Without a profile events carry pid -1 and processes are told
 * apart by CR3 alone.
 *
 * <p><b>Finding the entry without the guest's help.</b> With no {@code entry} setting, the IDT
 * method of {@link EntryLocator}: the IDT base from the monitor, gate 0's handler, a scan of the
 * entry text for the {@code entry_SYSCALL_64} prologue. It works with KASLR on. The 32-bit entries
 * (int $0x80 through IDT gate 0x80, {@code entry_SYSCALL_compat}, {@code entry_SYSENTER_compat})
 * are trapped too when found exactly once; their events carry ABI {@code linux-i386}, arguments
 * ebx, ecx, edx, esi, edi, ebp for int $0x80 (for the two fast 32-bit entries the sixth argument,
 * and for sysenter the vDSO-saved ebp, live on the user stack and are not read). What was not found
 * is logged and listed by the session ({@code blindSpots}): those calls go unseen.
 *
 * <p><b>Detach.</b> {@code close()} removes the breakpoints and sends {@code D;1} (QEMU 7.2 refuses
 * a plain {@code D} once multiprocess is negotiated and leaves the VM stopped). After a crash of
 * vmpbd with the VM stopped at a breakpoint (QEMU status {@code paused (debug)}), a new
 * {@link #open} or {@link #recover} reconnects, clears the breakpoints and resumes the VM.
 *
 * <p><b>Death.</b> EOF on the socket (QEMU gone, VM destroyed or shut down) ends the session at
 * once; a stub that does not answer within {@code reply-timeout-ms} (2 s), or that sends nothing
 * for {@code probe-interval-ms} (1.5 s) and then does not answer an interrupt, ends it too: a
 * session is DEAD, with the reason, within 3.5 s with the defaults, never hung. The liveness probe
 * is a brief stop and continue of an idle VM every 1.5 s (a QMP STOP/RESUME pair each time).
 *
 * <p><b>KVM and TCG.</b> Under TCG each trapped call costs about 2.3-3.5 ms (QEMU flushes its
 * translation cache at every debug stop; the client's part is about 0.5 ms): fine for tests and
 * forensics, not for load; for TCG test guests under load see
 * {@link org.vmpbd.trap.tcglog.TcgLogDriver}. Under KVM the cost is unmeasured here (no VT-x on the
 * machine this was written on); expect tens to hundreds of µs. {@code breakpoint=hw} (default) uses
 * the guest's debug registers under KVM (4 at most: exactly the four entries; a guest debugger
 * using them loses them while trapped); {@code breakpoint=sw} writes int3 into guest memory, which
 * the guest can see. On hosts where the guest runs with KPTI (Intel CPUs affected by Meltdown,
 * {@code -cpu host}; tested on TCG with {@code pti=on}), CR3 at the entry is the user half of the
 * PGD pair, which maps neither the per-cpu area nor task structs: the driver then writes the kernel
 * half into CR3 for its reads and restores it before continuing (two more round trips per call).
 * The event's CR3 stays the user PGD's address (bit 12 set).
 * Every trap stops all vCPUs (all-stop mode).
 *
 * <p><b>Pause/resume (Nova, libvirt).</b> Each trap is a VM stop and start, so libvirt emits a
 * Suspended/Resumed event pair per system call and {@code domstate} shows {@code paused} while a
 * trap is handled; consumers (Nova's power-state sync) must ignore these. A pause by someone else
 * (virsh suspend, nova pause: QMP stop) while the guest runs reaches the stub as an unrequested
 * {@code T02}: the driver does not resume such a VM and traps again once it runs. A pause that
 * arrives while the VM sits at one of our traps is not reported by QEMU and is undone by our
 * continue; so is any {@code cont} by others while we handle a trap racing our writes. Pause
 * around snapshots or migrations with the session disabled or closed; the gdbstub does not migrate.
 * QEMU 7.2 accepts one gdbstub client, so a trap session excludes a debugger on the same VM.
 */
public final class GdbstubDriver implements TrapDriver {
    private static final Logger LOG = LoggerFactory.getLogger(GdbstubDriver.class);
    private static final Duration ATTACH_WAIT = Duration.ofMillis(400);

    private record ProfileKey(Path path, long size, long modified) {
    }

    private final Map<ProfileKey, GuestProfile> profiles = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "gdbstub";
    }

    @Override
    public TrapSession open(TrapTarget target) throws TrapException {
        return openSession(target);
    }

    /** Like {@link #open}, typed: the session's entries and blind spots are visible. */
    public GdbstubSession openSession(TrapTarget target) throws TrapException {
        GdbstubSettings settings = GdbstubSettings.of(target);
        String vm = target.vm();
        GuestProfile profile = profile(vm, settings);
        Attached a = attach(vm, settings);
        RspClient client = a.client();
        try {
            EntryLocator.Result located = new EntryLocator(client).locate(settings.entry(), settings.compat());
            clearStaleBreakpoints(client, located.entries());
            List<String> blind = new ArrayList<>(located.missing());
            if (profile == null) {
                blind.add("process identity: no guest profile (vmlinux/profile setting): pid -1, comm empty, processes told apart by CR3");
            }
            TaskReader tasks = profile == null ? null : new TaskReader(client, profile);
            GdbstubSession s = new GdbstubSession(vm, settings, client, located.entries(), blind, tasks, a.externallyStopped());
            LOG.info("{}: gdbstub {} attached; entries {}; blind spots {}", vm, settings.endpoint(), located.entries(), blind);
            s.start();
            return s;
        } catch (IOException | RuntimeException e) {
            release(client, a.externallyStopped());
            throw new TrapException("gdbstub " + settings.endpoint() + " of " + vm + ": " + e.getMessage(), e);
        }
    }

    /**
     * Releases a VM left behind by a crashed session: reconnects, removes the breakpoints at the
     * entries and detaches ({@code D;1}), which resumes the VM unless someone else had paused it.
     *
     * @return what was found and done
     */
    public String recover(TrapTarget target) throws TrapException {
        GdbstubSettings settings = GdbstubSettings.of(target);
        Attached a = attach(target.vm(), settings);
        RspClient client = a.client();
        try {
            String what = a.how();
            try {
                EntryLocator.Result located = new EntryLocator(client).locate(settings.entry(), settings.compat());
                clearStaleBreakpoints(client, located.entries());
            } catch (IOException e) {
                what += "; entries not located (" + e.getMessage() + "), relying on D;1";
            }
            if (a.externallyStopped()) {
                client.close();
                return what + "; VM paused by someone else: left paused, breakpoints removed";
            }
            client.detach();
            client.close();
            return what + "; detached (D;1), VM running";
        } catch (IOException e) {
            client.close();
            throw new TrapException("gdbstub " + settings.endpoint() + " of " + target.vm() + ": recover failed: " + e.getMessage(), e);
        }
    }

    private record Attached(RspClient client, boolean externallyStopped, String how) {
    }

    /**
     * Connects and finds out what state the VM was in: running (QEMU stops it on attach and says
     * T02), left at a breakpoint by a crashed client ({@code paused (debug)}: ours to resume), or
     * paused by someone else (left paused).
     */
    private Attached attach(String vm, GdbstubSettings settings) throws TrapException {
        RspConnection conn;
        try {
            conn = RspConnection.open(settings.endpoint());
        } catch (IOException e) {
            throw new TrapException("cannot connect to the gdbstub of " + vm + " at " + settings.endpoint()
                + " (is QEMU running with -gdb " + settings.endpoint() + "?): " + e.getMessage(), e);
        }
        RspClient client = new RspClient(conn, settings.replyTimeout());
        try {
            StopReply stop = client.drainAttachStop(ATTACH_WAIT);
            if (stop == null) {
                client.interrupt();   // a running VM stops on any byte and says so
                stop = client.drainAttachStop(ATTACH_WAIT);
            }
            client.handshake();
            client.fetchTargetDescription();
            if (stop != null) {
                return new Attached(client, false, "VM was running");
            }
            String status = client.monitor("info status").trim();
            boolean ours = status.contains("debug");
            return new Attached(client, !ours, ours ? "VM was left at a breakpoint (" + status + ")"
                : "VM stopped by someone else (" + status + ")");
        } catch (RspTimeoutException e) {
            client.close();
            throw new TrapException("gdbstub " + settings.endpoint() + " of " + vm + ": attach failed, no answer ("
                + e.getMessage() + "): is another debugger attached? QEMU serves one gdbstub client at a time", e);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw new TrapException("gdbstub " + settings.endpoint() + " of " + vm + ": attach failed: " + e.getMessage(), e);
        }
    }

    private static void clearStaleBreakpoints(RspClient client, List<EntryPoint> entries) throws IOException {
        for (EntryPoint e : entries) {
            client.removeBreakpoint(e.address(), true);
            client.removeBreakpoint(e.address(), false);
        }
    }

    private static void release(RspClient client, boolean externallyStopped) {
        try {
            if (!externallyStopped) {
                client.detach();
            }
        } catch (IOException ignored) {
            // best effort; the connection goes anyway
        }
        client.close();
    }

    /** The guest profile from the settings: a JSON file, or derived from vmlinux (cached per file). */
    GuestProfile profile(String vm, GdbstubSettings settings) throws TrapException {
        try {
            if (settings.profile() != null) {
                return GuestProfile.read(settings.profile());
            }
            if (settings.vmlinux() == null) {
                LOG.warn("{}: no vmlinux or profile setting: events will carry pid -1 and no comm", vm);
                return null;
            }
            Path p = settings.vmlinux().toAbsolutePath();
            ProfileKey key = new ProfileKey(p, Files.size(p), Files.getLastModifiedTime(p).toMillis());
            GuestProfile cached = profiles.get(key);
            if (cached != null) {
                return cached;
            }
            GuestProfile fresh = GuestProfile.fromVmlinux(p);
            profiles.put(key, fresh);
            return fresh;
        } catch (IOException | IllegalArgumentException e) {
            throw new TrapException("trap target " + vm + ": guest profile: " + e.getMessage(), e);
        }
    }
}
