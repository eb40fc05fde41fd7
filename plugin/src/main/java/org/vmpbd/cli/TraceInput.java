package org.vmpbd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.detect.trace.TraceReader;
import org.vmpbd.detect.trace.Traces;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The trace arguments shared by commands: format, ABI and paths (files or directories). */
final class TraceInput {
    @Option(names = "--format", defaultValue = "unm",
        description = "Trace format: unm, adfa, adfa-recursive or events (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--abi", defaultValue = Abis.LINUX_I386,
        description = "System-call numbering of the traces: linux-i386, linux-x86_64 or sunos (default: ${DEFAULT-VALUE}).")
    String abi;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Trace files or directories.")
    List<Path> paths;

    Abi abi() {
        return Abis.byName(abi);
    }

    /** Reads every path, with a progress bar over each path's files. */
    List<ProcessTrace> read(Progress progress) throws IOException {
        Abi a = abi();
        TraceReader reader = Traces.reader(format);
        List<ProcessTrace> all = new ArrayList<>();
        for (Path p : paths) {
            try (Progress.Bar bar = progress.lazyBar("read " + p.getFileName())) {
                all.addAll(reader.readWithReport(p, a, bar::filesRead).traces());
            }
        }
        return all;
    }
}
