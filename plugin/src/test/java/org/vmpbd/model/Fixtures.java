package org.vmpbd.model;

import java.util.ArrayList;
import java.util.List;
import org.vmpbd.demo.SyntheticWorkload;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;

/** Models and processes from the demo's seeded synthetic workload, and a clock tests move by hand. */
final class Fixtures {
    static final Abi X64 = Abis.byName(Abis.LINUX_X86_64);

    private Fixtures() {
    }

    /** {@code perProgram} normal processes of each of nginx, sshd, logrotate. */
    static List<SyntheticWorkload.Process> processes(int perProgram, long seed) {
        return new SyntheticWorkload(X64).normal(perProgram, seed, 1000);
    }

    /** Processes of one program only. */
    static List<LearnedProcess> program(String comm, int count, long seed) {
        List<LearnedProcess> out = new ArrayList<>();
        for (SyntheticWorkload.Process p : processes(count, seed)) {
            if (p.comm().equals(comm)) {
                out.add(new LearnedProcess("vm1", p.pid(), p.comm(), p.calls()));
            }
        }
        return out;
    }

    static DetectionModel model(long seed, SyscallFilter filter) {
        List<ProcessTrace> traces = new ArrayList<>();
        for (SyntheticWorkload.Process p : processes(5, seed)) {
            traces.add(new ProcessTrace("p" + p.pid(), X64, p.calls(), "synthetic"));
        }
        return new ModelTrainer().train(traces, new TrainingOptions(6, IdfVariant.SMOOTH, filter, "test " + seed));
    }

    static DetectionModel model(long seed) {
        return model(seed, null);
    }

    static SyscallFilter filter(String calls) {
        return SyscallFilter.parse(X64, calls);
    }

    /** A clock that only moves when told. */
}
