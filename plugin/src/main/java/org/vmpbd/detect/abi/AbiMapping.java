package org.vmpbd.detect.abi;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An explicit, table-driven translation of system-call numbers from one ABI to another. Calls the
 * target has no equivalent of map to {@link Abi#unmapped()}.
 */
public final class AbiMapping {
    static final String X86_64_TO_I386_RESOURCE = "map-linux-x86_64-to-linux-i386.tsv";
    private static final String UNMAPPED_MARK = "-";

    private final Abi source;
    private final Abi target;
    private final int[] table;
    private final String description;

    private AbiMapping(Abi source, Abi target, int[] table, String description) {
        this.source = source;
        this.target = target;
        this.table = table;
        this.description = description;
    }

    /** The identity mapping of {@code abi}. */
    public static AbiMapping identity(Abi abi) {
        int[] table = new int[abi.size()];
        Arrays.setAll(table, i -> i);
        return new AbiMapping(abi, abi, table, abi.name() + " (identity)");
    }

    /** {@code linux-x86_64} to {@code linux-i386} with {@link SocketCallMode#MULTIPLEXED}. */
    public static AbiMapping linuxX8664ToI386() {
        return linuxX8664ToI386(SocketCallMode.MULTIPLEXED);
    }

    /** {@code linux-x86_64} to {@code linux-i386}, from the bundled mapping table. */
    public static AbiMapping linuxX8664ToI386(SocketCallMode mode) {
        Objects.requireNonNull(mode, "mode");
        Abi source = Abis.byName(Abis.LINUX_X86_64);
        Abi target = Abis.byName(Abis.LINUX_I386);
        int[] table = new int[source.size()];
        Arrays.fill(table, target.unmapped());
        for (AbiTables.NumberedLine line : AbiTables.resourceLines(X86_64_TO_I386_RESOURCE)) {
            String[] fields = line.text().split("\t");
            String where = X86_64_TO_I386_RESOURCE + ":" + line.number() + ": ";
            if (fields.length != 2) {
                throw new IllegalStateException(where + "expected 'x86_64_name<TAB>i386_name'");
            }
            int from = source.numberOf(fields[0]).orElseThrow(
                () -> new IllegalStateException(where + "no call '" + fields[0] + "' in " + source.name()));
            table[from] = targetNumber(fields[0], fields[1], target, mode, where);
        }
        return new AbiMapping(source, target, table, source.name() + " -> " + target.name() + " (" + mode + ")");
    }

    /**
     * The mapping between two ABIs: identity if they are equal, the bundled table for
     * {@code linux-x86_64 -> linux-i386} ({@link SocketCallMode#MULTIPLEXED}).
     *
     * @throws IllegalArgumentException if either side is the SunOS set, or no mapping is known
     */
    public static AbiMapping between(Abi source, Abi target) {
        return between(source, target, SocketCallMode.MULTIPLEXED);
    }

    /** As {@link #between(Abi, Abi)}, with an explicit socket-call mode for x86-64 to i386. */
    public static AbiMapping between(Abi source, Abi target, SocketCallMode mode) {
        if (source.equals(target)) {
            return identity(source);
        }
        if (Abis.isSunos(source) || Abis.isSunos(target)) {
            throw new IllegalArgumentException("refusing to map " + source.name() + " to " + target.name()
                + ": the SunOS numbering is unverified, never map the sunos set by name");
        }
        if (source.equals(Abis.byName(Abis.LINUX_X86_64)) && target.equals(Abis.byName(Abis.LINUX_I386))) {
            return linuxX8664ToI386(mode);
        }
        throw new IllegalArgumentException("no mapping from " + source.name() + " to " + target.name()
            + "; known: identity, " + Abis.LINUX_X86_64 + " -> " + Abis.LINUX_I386);
    }

    private static int targetNumber(String sourceName, String targetName, Abi target, SocketCallMode mode,
                                    String where) {
        if (targetName.equals(UNMAPPED_MARK)) {
            return target.unmapped();
        }
        int multiplexed = target.numberOf(targetName).orElseThrow(
            () -> new IllegalStateException(where + "no call '" + targetName + "' in " + target.name()));
        boolean isMultiplexer = targetName.equals("socketcall") || targetName.equals("ipc");
        if (mode == SocketCallMode.DIRECT && isMultiplexer) {
            OptionalInt direct = target.numberOf(sourceName);
            return direct.orElse(multiplexed);
        }
        return multiplexed;
    }

    public Abi source() {
        return source;
    }

    public Abi target() {
        return target;
    }

    /**
     * The target number of {@code sourceNr}, or {@code target().unmapped()} if the target has no
     * equivalent.
     *
     * @throws IllegalArgumentException if {@code sourceNr} is outside the source ABI
     */
    public int map(int sourceNr) {
        if (!source.contains(sourceNr)) {
            throw new IllegalArgumentException("system call " + sourceNr + " is outside ABI " + source.name()
                + " (0.." + (source.size() - 1) + ")");
        }
        return table[sourceNr];
    }

    @Override
    public String toString() {
        return description;
    }
}
