package org.vmpbd.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.trap.TrapDriver;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapTarget;

/**
 * The replay driver for a daemon that follows VMs without trapping them (libvirt's test driver, demos,
 * rehearsals): a VM's "system calls" are replayed from {@code <dir>/<domain name>.jsonl}, else
 * {@code <dir>/default.jsonl} (vmpbd event logs), at a fixed rate, over and over while the VM runs.
 */
public final class ReplayAttacher implements TrapAttacher {
    private static final int LOOPS = 1_000_000;
    private final TrapDriver replay;
    private final Path dir;
    private final double rate;

    public ReplayAttacher(TrapDriver replayDriver, Path dir, double rate) {
        this.replay = replayDriver;
        this.dir = dir;
        this.rate = rate;
    }

    @Override
    public String driver() {
        return "replay";
    }

    @Override
    public Attachment attach(VmIdentity vm, TenantPolicy policy) throws AttachException {
        Path own = dir.resolve(vm.name() + ".jsonl");
        Path trace = Files.isRegularFile(own) ? own : dir.resolve("default.jsonl");
        if (!Files.isRegularFile(trace)) {
            throw new AttachException("no replay trace for " + vm.name() + ": neither " + own + " nor " + trace, false, null);
        }
        try {
            return new Attachment(replay.open(new TrapTarget(vm.name(), Map.of("path", trace.toString(), "format", "events",
                "rate", Double.toString(rate), "loop", Integer.toString(LOOPS)))), driver(), () -> { });
        } catch (TrapException e) {
            throw new AttachException(e.getMessage(), false, e);
        }
    }
}
