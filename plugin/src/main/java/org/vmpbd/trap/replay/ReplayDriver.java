package org.vmpbd.trap.replay;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.detect.trace.Traces;
import org.vmpbd.trap.TrapDriver;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapTarget;

/**
 * Replays trace files (the detection engine's readers) as a live session at a chosen rate, for the
 * embedded demo and for load tests. Settings: see {@link ReplaySettings}. The traces are read
 * whole when the session opens, so bad input fails {@link #open}. Events carry the target's VM,
 * pid, comm and generation from the traces (see {@link ReplayProcesses}), a CR3 per process run,
 * vCPU 0 and the paced monotonic time. The session drops (and counts) events when its consumer is
 * slow, as a real trap does; when the replay is over it is finished in state {@code DISABLED}
 * (see {@link ReplaySession}).
 */
public final class ReplayDriver implements TrapDriver {
    public static final String NAME = "replay";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrapSession open(TrapTarget target) throws TrapException {
        ReplaySettings settings = ReplaySettings.parse(target);
        List<ProcessTrace> traces;
        try {
            traces = Traces.read(settings.path(), settings.format(), settings.abi());
        } catch (NoSuchFileException e) {
            throw new TrapException("replay as VM " + target.vm() + ": " + e.getFile() + ": no such file or directory", e);
        } catch (IOException | RuntimeException e) {
            throw new TrapException("replay as VM " + target.vm() + ": cannot read " + settings.path() + ": "
                + e.getMessage(), e);
        }
        return new ReplaySession(target.vm(), settings, ReplayProcesses.from(traces, settings.format(), target.vm()));
    }
}
