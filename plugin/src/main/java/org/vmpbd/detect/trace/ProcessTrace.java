package org.vmpbd.detect.trace;

import java.util.Objects;
import org.vmpbd.detect.abi.Abi;

/**
 * The ordered system calls of one process, in one ABI's numbering.
 *
 * @param id     stable identity, e.g. {@code file.int.gz#509} or {@code vm/pid/comm/start}
 * @param abi    numbering of {@code calls}
 * @param calls  system-call numbers, each within {@code abi}
 * @param source where the trace came from (file path or stream name), for messages
 */
public record ProcessTrace(String id, Abi abi, int[] calls, String source) {
    public ProcessTrace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(abi, "abi");
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(source, "source");
        for (int i = 0; i < calls.length; i++) {
            if (!abi.contains(calls[i])) {
                throw new IllegalArgumentException("trace " + id + " (" + source + "): call #" + i + " = "
                    + calls[i] + " is outside ABI " + abi.name() + " (0.." + (abi.size() - 1) + ")");
            }
        }
    }

    public int length() {
        return calls.length;
    }
}
