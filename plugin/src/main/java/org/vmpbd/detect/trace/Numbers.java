package org.vmpbd.detect.trace;

import java.nio.file.Path;
import org.vmpbd.detect.abi.Abi;

/** Parses and checks the numbers of trace files, failing with file and line. */
final class Numbers {
    private Numbers() {
    }

    /**
     * A system-call number of {@code abi}. Valid numbers are {@code 0..abi.unmapped() - 1}: the
     * reserved unmapped slot is not a real system call and never occurs in raw input.
     */
    static int syscall(String token, Abi abi, Path file, long line) {
        if (!isInteger(token)) {
            throw new TraceFormatException(file, line, "not a system-call number: '" + token + "'");
        }
        if (token.charAt(0) == '-') {
            throw new TraceFormatException(file, line, "negative system-call number " + token);
        }
        long value = token.length() > 12 ? Long.MAX_VALUE : Long.parseLong(token);
        return checkSyscall(value, token, abi, file, line);
    }

    /** Checks an already parsed system-call number, as {@link #syscall}. */
    static int checkSyscall(long value, String shown, Abi abi, Path file, long line) {
        if (value < 0) {
            throw new TraceFormatException(file, line, "negative system-call number " + shown);
        }
        if (value >= abi.unmapped()) {
            throw new TraceFormatException(file, line, "system call " + shown + " is outside ABI " + abi.name()
                + " (0.." + (abi.unmapped() - 1) + ")");
        }
        return (int) value;
    }

    /** A non-negative process id. */
    static int pid(String token, Path file, long line) {
        if (!isInteger(token)) {
            throw new TraceFormatException(file, line, "not a process id: '" + token + "'");
        }
        if (token.charAt(0) == '-' || token.length() > 10 || Long.parseLong(token) > Integer.MAX_VALUE) {
            throw new TraceFormatException(file, line, "process id out of range: " + token);
        }
        return Integer.parseInt(token);
    }

    /** Optional minus sign followed by ASCII digits only. */
    private static boolean isInteger(String token) {
        int start = token.startsWith("-") ? 1 : 0;
        if (token.length() == start) {
            return false;
        }
        for (int i = start; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
