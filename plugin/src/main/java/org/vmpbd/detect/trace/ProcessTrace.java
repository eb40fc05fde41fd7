package org.vmpbd.detect.trace;

import java.util.Objects;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.AbiMapping;

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

    /**
     * This trace renumbered by {@code mapping} into its target ABI (same id and source).
     *
     * @throws IllegalArgumentException if the trace is not in the mapping's source ABI
     */
    public ProcessTrace mapped(AbiMapping mapping) {
        if (!abi.equals(mapping.source())) {
            throw new IllegalArgumentException("trace " + id + " is in ABI " + abi.name() + ", but the mapping is from "
                + mapping.source().name() + " to " + mapping.target().name());
        }
        if (mapping.source().equals(mapping.target())) {
            return this;
        }
        int[] out = new int[calls.length];
        for (int i = 0; i < calls.length; i++) {
            out[i] = mapping.map(calls[i]);
        }
        return new ProcessTrace(id, mapping.target(), out, source);
    }
}
