package org.vmpbd.trap.replay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The order in which a replay emits its calls; no threads, no clock. Each pass over the trace set
 * (there are {@code loop} passes, one after another) runs every process once. Interleaved, up to
 * {@code concurrent} processes run at once and take turns of {@code burst} calls, round robin; a
 * finished process makes room for the next one in trace order, except that two processes with the
 * same pid never run at once (a guest cannot do that either), so a pid's generations play in trace
 * order. Not interleaved, processes run one after another. Pass {@code k} (from 0) gives process
 * generations {@code generation + k * span}, where span covers the trace set's generations, so
 * repeats are new processes; pass 0 keeps the recorded ones. Each process run gets a CR3 of its own.
 */
final class ReplaySchedule {
    /** One call to emit; {@code first} marks the first call of a process run. */
    record Step(int pid, String comm, long generation, long cr3, int nr, boolean first) {
    }

    /** A process in one pass, and how far it got. */
    private static final class Run {
        final ReplayProcess process;
        final long generation;
        final long cr3;
        int next;

        Run(ReplayProcess process, long generation, long cr3) {
            this.process = process;
            this.generation = generation;
            this.cr3 = cr3;
        }
    }

    private final List<ReplayProcess> processes;
    private final int loops;
    private final int burst;
    private final int concurrent;
    private final long span;
    private final List<Run> pending = new ArrayList<>();
    private final List<Run> running = new ArrayList<>();
    private final Set<Integer> runningPids = new HashSet<>();
    private int loop = -1;
    private int turn;
    private int leftInTurn;
    private boolean changed;

    ReplaySchedule(List<ReplayProcess> processes, ReplaySettings settings) {
        this.processes = processes.stream().filter(p -> p.calls().length > 0).toList();
        this.loops = settings.loop();
        this.burst = settings.interleave() ? settings.burst() : Integer.MAX_VALUE;
        this.concurrent = settings.interleave() ? settings.concurrent() : 1;
        long min = this.processes.stream().mapToLong(ReplayProcess::generation).min().orElse(0);
        long max = this.processes.stream().mapToLong(ReplayProcess::generation).max().orElse(0);
        this.span = max - min + 1;
        this.leftInTurn = burst;
    }

    /** The next call, or null when every pass is done. */
    Step next() {
        while (running.isEmpty()) {
            if (pending.isEmpty() && !startPass()) {
                return null;
            }
            admit();
        }
        if (changed) {
            admit();
        }
        if (turn >= running.size()) {
            turn = 0;
        }
        Run run = running.get(turn);
        Step step = new Step(run.process.pid(), run.process.comm(), run.generation, run.cr3,
            run.process.calls()[run.next], run.next == 0);
        run.next++;
        if (run.next == run.process.calls().length) {
            running.remove(turn);
            runningPids.remove(run.process.pid());
            leftInTurn = burst;
            changed = true;
        } else if (--leftInTurn == 0) {
            turn++;
            leftInTurn = burst;
        }
        return step;
    }

    private boolean startPass() {
        if (loop + 1 >= loops || processes.isEmpty()) {
            return false;
        }
        loop++;
        long base = (long) loop * processes.size();
        for (int i = 0; i < processes.size(); i++) {
            ReplayProcess p = processes.get(i);
            pending.add(new Run(p, p.generation() + loop * span, (base + i + 1) << 12));
        }
        return true;
    }

    /** Moves pending processes to running while there is room, skipping pids already running. */
    private void admit() {
        changed = false;
        Iterator<Run> it = pending.iterator();
        while (running.size() < concurrent && it.hasNext()) {
            Run r = it.next();
            if (runningPids.add(r.process.pid())) {
                it.remove();
                running.add(r);
            }
        }
    }
}
