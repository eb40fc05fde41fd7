package org.vmpbd.detect.abi;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One system-call numbering (an ABI table). Numbers run from 0 to {@code size() - 1}; the last
 * slot is always the {@link #UNMAPPED_NAME} symbol that cross-ABI mapping uses for calls the
 * target ABI has no equivalent of. {@code size()} is the model's {@code n}.
 */
public final class Abi {
    /** Name of the reserved last symbol of every ABI table. */
    public static final String UNMAPPED_NAME = "<unmapped>";

    private final String name;
    private final List<String> names;
    private final Map<String, Integer> numbers;

    /**
     * @param name  ABI identifier, e.g. {@code linux-i386}
     * @param callNames system-call names indexed by number, without the unmapped slot (gaps may be
     *              named e.g. {@code nr_17}); the unmapped slot is appended here
     */
    public Abi(String name, List<String> callNames) {
        this.name = Objects.requireNonNull(name, "name");
        String[] all = callNames.toArray(new String[callNames.size() + 1]);
        all[callNames.size()] = UNMAPPED_NAME;
        this.names = Collections.unmodifiableList(Arrays.asList(all));
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < all.length; i++) {
            byName.putIfAbsent(all[i], i);
        }
        this.numbers = Collections.unmodifiableMap(byName);
    }

    public String name() {
        return name;
    }

    /** Table size including the unmapped slot: the model's {@code n}. */
    public int size() {
        return names.size();
    }

    /** Number of the reserved unmapped symbol ({@code size() - 1}). */
    public int unmapped() {
        return names.size() - 1;
    }

    public boolean contains(int number) {
        return number >= 0 && number < names.size();
    }

    public String nameOf(int number) {
        if (!contains(number)) {
            throw new IllegalArgumentException(
                "system call " + number + " is outside ABI " + name + " (0.." + (size() - 1) + ")");
        }
        return names.get(number);
    }

    public OptionalInt numberOf(String callName) {
        Integer nr = numbers.get(callName);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Abi other && other.name.equals(name) && other.names.equals(names);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + "(n=" + size() + ")";
    }
}
