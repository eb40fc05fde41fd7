package org.vmpbd.model;

import java.util.Objects;

/**
 * One finished process (or one part of a long-lived one) for a training corpus.
 *
 * @param vm    where it ran (VM name, or a label for recorded traces); no '/'
 * @param pid   guest pid (&gt;= 0)
 * @param comm  program name
 * @param calls its calls, in the learning ABI's numbering
 */
public record LearnedProcess(String vm, int pid, String comm, int[] calls) {
    public LearnedProcess {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(calls, "calls");
        if (pid < 0) {
            throw new IllegalArgumentException("corpus process of " + vm + ": pid must be >= 0, got " + pid);
        }
        if (vm.isEmpty() || vm.indexOf('/') >= 0) {
            throw new IllegalArgumentException("corpus process: vm '" + vm + "' must be non-empty without '/'");
        }
    }
}
