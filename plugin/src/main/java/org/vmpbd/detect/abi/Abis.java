package org.vmpbd.detect.abi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in ABI tables ({@code linux-i386}, {@code linux-x86_64}, {@code sunos}), bundled as
 * resources and loaded once, and ABIs built from UNM-style {@code calls.txt.*} name lists.
 */
public final class Abis {
    /** Linux i386 numbering (ADFA-LD, UNM's Linux sets). */
    public static final String LINUX_I386 = "linux-i386";
    /** Linux x86-64 numbering (what a 64-bit KVM guest issues). */
    public static final String LINUX_X86_64 = "linux-x86_64";
    /** SunOS 4.x numbering of UNM's lpr sets; names unverified, never mapped by name. */
    public static final String SUNOS = "sunos";

    private Abis() {
    }

    /**
     * A built-in ABI.
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the known ones
     */
    public static Abi byName(String name) {
        Abi abi = Builtin.TABLES.get(name);
        if (abi == null) {
            throw new IllegalArgumentException("unknown ABI '" + name + "'; known ABIs: " + String.join(", ", names()));
        }
        return abi;
    }

    /** Names of the built-in ABIs, sorted. */
    public static Set<String> names() {
        return Builtin.TABLES.keySet();
    }

    /** Whether {@code abi} is (a variant of) the SunOS numbering, which must never be mapped by name. */
    public static boolean isSunos(Abi abi) {
        return abi.name().startsWith(SUNOS);
    }

    /**
     * Builds an ABI from a UNM-style name list: one system-call name per line, the line number
     * counted from 0 is the call number. Blank lines become gaps named {@code nr_<nr>}.
     *
     * @throws NoSuchFileException      if the file does not exist
     * @throws IllegalArgumentException if the file holds no names
     */
    public static Abi fromNamesFile(String abiName, Path callsTxt) throws IOException {
        if (!Files.isRegularFile(callsTxt)) {
            throw new NoSuchFileException(callsTxt.toString(), null, "system-call names file not found");
        }
        List<String> lines = Files.readAllLines(callsTxt, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>(lines.size());
        for (String line : lines) {
            String name = line.strip();
            names.add(name.isEmpty() ? "nr_" + names.size() : name);
        }
        while (!names.isEmpty() && lines.get(names.size() - 1).isBlank()) {
            names.remove(names.size() - 1);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(callsTxt + ": no system-call names in file");
        }
        return new Abi(abiName, names);
    }

    /** Lazily initialised, immutable holder of the bundled tables. */
    private static final class Builtin {
        static final Map<String, Abi> TABLES = load();

        private static Map<String, Abi> load() {
            Map<String, Abi> tables = new TreeMap<>();
            for (String name : List.of(LINUX_I386, LINUX_X86_64, SUNOS)) {
                tables.put(name, new Abi(name, AbiTables.parseTable(name + ".tbl")));
            }
            return Collections.unmodifiableMap(tables);
        }
    }
}
