package org.vmpbd.trap.replay;

import java.util.List;
import org.vmpbd.trap.DriverSession;
import org.vmpbd.trap.SyscallEvent;

/**
 * A replay as a live session: the producer thread walks the {@link ReplaySchedule} at the
 * settings' rate and emits each call as a {@link SyscallEvent} of the target VM (vCPU 0, no
 * arguments, the schedule's synthetic CR3). When the schedule is done the session is finished:
 * state {@code DISABLED}, counters final, {@code poll} drains what is left and then returns empty at
 * once, and {@code enable} refuses.
 */
final class ReplaySession extends DriverSession {
    private final String vm;
    private final String abi;
    private final ReplaySettings settings;
    private final List<ReplayProcess> processes;

    ReplaySession(String vm, ReplaySettings settings, List<ReplayProcess> processes) {
        super("replay of " + settings.path().getFileName() + " as " + vm, settings.buffer());
        this.vm = vm;
        this.abi = settings.abi().name();
        this.settings = settings;
        this.processes = List.copyOf(processes);
    }

    @Override
    protected void produce() throws InterruptedException {
        ReplaySchedule schedule = new ReplaySchedule(processes, settings);
        Pacer pacer = new Pacer(settings.rate());
        for (ReplaySchedule.Step s = schedule.next(); s != null; s = schedule.next()) {
            if (!awaitEnabled()) {
                return;
            }
            long time = pacer.next();
            if (s.first()) {
                processSeen();
            }
            emit(new SyscallEvent(vm, 0, s.cr3(), s.pid(), s.comm(), s.generation(), s.nr(), abi, null, time));
        }
    }
}
