package org.vmpbd.detect;

import java.util.Arrays;
import java.util.BitSet;
import org.vmpbd.detect.abi.Abi;

/** The calls a model watches; the others are dropped before windowing, in training and detection. */
public final class SyscallFilter {
    private final BitSet kept;
    private final int size;

    public SyscallFilter(Abi abi, int[] keptCalls) {
        this.size = abi.size();
        this.kept = new BitSet(size);
        for (int s : keptCalls) {
            if (!abi.contains(s)) {
                throw new IllegalArgumentException("syscall filter: " + s + " is outside ABI " + abi);
            }
            kept.set(s);
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("syscall filter keeps no call");
        }
    }

    /** Parses a comma-separated list of call names or numbers of {@code abi}. */
    public static SyscallFilter parse(Abi abi, String list) {
        String[] parts = list.split(",");
        int[] calls = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.chars().allMatch(Character::isDigit) && !p.isEmpty()) {
                calls[i] = Integer.parseInt(p);
            } else {
                calls[i] = abi.numberOf(p).orElseThrow(() -> new IllegalArgumentException(
                    "syscall filter: '" + p + "' is not a call of ABI " + abi.name()));
            }
        }
        return new SyscallFilter(abi, calls);
    }

    public boolean keeps(int s) {
        return kept.get(s);
    }

    public int[] calls() {
        return kept.stream().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyscallFilter f && f.kept.equals(kept) && f.size == size;
    }

    @Override
    public int hashCode() {
        return kept.hashCode();
    }

    @Override
    public String toString() {
        return Arrays.toString(calls());
    }
}
