package org.vmpbd.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.abi.Abi;

/**
 * How an incoming stream of system calls was captured: its ABI and the syscall filter the trap was
 * set with (null: every call was trapped). A model is only used on, and only learnt from, captures
 * taken with exactly its own filter.
 */
public record CaptureInfo(Abi abi, SyscallFilter filter) {
    public CaptureInfo {
        Objects.requireNonNull(abi, "abi");
    }

    /** A capture of every call. */
    public static CaptureInfo unfiltered(Abi abi) {
        return new CaptureInfo(abi, null);
    }

    /** The filter for messages: {@code none (every call)} or the kept calls' names. */
    public String describeFilter() {
        return describe(abi, filter);
    }

    /** {@code filter} of {@code abi} for messages. */
    public static String describe(Abi abi, SyscallFilter filter) {
        return filter == null ? "none (every call)" : describe(abi, Arrays.stream(filter.calls()).boxed().toList());
    }

    /** A recorded filter (call numbers of {@code abi}, or null) for messages. */
    public static String describe(Abi abi, List<Integer> calls) {
        if (calls == null) {
            return "none (every call)";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int c : calls) {
            sb.append(sb.length() == 1 ? "" : ",").append(abi != null && abi.contains(c) ? abi.nameOf(c) : c);
        }
        return sb.append('}').toString();
    }
}
