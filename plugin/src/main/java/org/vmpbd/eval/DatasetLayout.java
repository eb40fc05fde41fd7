package org.vmpbd.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.vmpbd.detect.abi.Abis;

/**
 * Finds the experiments in a UNM-style dataset folder.
 * <ul>
 *   <li>A <em>program folder</em> holds {@code normal/} and {@code intrusion/}; every other
 *       sub-folder whose name starts with {@code normal} (xlock's {@code normal-live/}) adds normal
 *       traces. It is one experiment named after the folder.</li>
 *   <li>A program folder without them but with sub-folders that have both (lpr's {@code unm-live/}
 *       and {@code mit-live/}) makes one experiment per sub-folder, named
 *       {@code <program>-<subset>} with a trailing {@code -live} dropped ({@code lpr-unm}, {@code lpr-mit}).</li>
 *   <li>ABI: {@code sunos} when the program folder holds a {@code calls.txt.sun*} name list (lpr),
 *       else {@code linux-i386} (UNM's Linux sets use the Linux 2.0 i386 numbering).</li>
 *   <li>Grouping of intrusion processes: lpr's whole intrusion folder is one attack run (its
 *       README: "The attack produces 1001 traces ... Counting the intrusion as detected needs only
 *       one anomalous trace"); elsewhere each intrusion file is one intrusion.</li>
 * </ul>
 */
public final class DatasetLayout {
    static final String NORMAL = "normal";
    static final String INTRUSION = "intrusion";

    private DatasetLayout() {
    }

    /** Every experiment under {@code root}, whose sub-folders are program folders (sorted by name). */
    public static List<Experiment> discoverAll(Path root) throws IOException {
        requireDirectory(root, "dataset folder");
        List<Path> programs = subdirectories(root);
        if (programs.isEmpty()) {
            throw new IllegalArgumentException(root + ": no program folders in dataset folder");
        }
        List<Experiment> out = new ArrayList<>();
        for (Path p : programs) {
            out.addAll(program(p));
        }
        return out;
    }

    /**
     * The experiments of one program folder.
     *
     * @throws NoSuchFileException      if the folder does not exist
     * @throws IllegalArgumentException if it has neither {@code normal/} and {@code intrusion/} nor
     *                                  sub-folders that have both; the message names the path
     */
    public static List<Experiment> program(Path folder) throws IOException {
        requireDirectory(folder, "program folder");
        String program = folder.toAbsolutePath().normalize().getFileName().toString();
        String abi = abiOf(folder);
        if (isExperimentFolder(folder)) {
            return List.of(experiment(program, folder, program, abi));
        }
        List<Experiment> subsets = new ArrayList<>();
        for (Path sub : subdirectories(folder)) {
            if (isExperimentFolder(sub)) {
                String subset = sub.getFileName().toString().replaceFirst("-live$", "");
                subsets.add(experiment(program + "-" + subset, sub, program, abi));
            }
        }
        if (subsets.isEmpty()) {
            boolean hasNormal = Files.isDirectory(folder.resolve(NORMAL));
            boolean hasIntrusion = Files.isDirectory(folder.resolve(INTRUSION));
            String missing = hasNormal ? folder.resolve(INTRUSION).toString()
                : hasIntrusion ? folder.resolve(NORMAL).toString()
                : folder.resolve(NORMAL) + " and " + folder.resolve(INTRUSION);
            throw new IllegalArgumentException(folder + ": not a program folder: missing " + missing
                + " (expected normal/ and intrusion/, or sub-folders that each have both)");
        }
        return subsets;
    }

    private static Experiment experiment(String name, Path folder, String program, String abi) throws IOException {
        List<Path> normals = new ArrayList<>();
        normals.add(folder.resolve(NORMAL));
        for (Path sub : subdirectories(folder)) {
            String n = sub.getFileName().toString();
            if (n.startsWith(NORMAL) && !n.equals(NORMAL)) {
                normals.add(sub);
            }
        }
        boolean lpr = program.equals("lpr");
        IntrusionGrouping grouping = lpr ? IntrusionGrouping.WHOLE_SET : IntrusionGrouping.PER_FILE;
        String note = lpr
            ? "the whole intrusion folder is one lprcp attack run: per the lpr README, \"The attack produces 1001 "
              + "traces\" and \"Counting the intrusion as detected needs only one anomalous trace\""
            : "each intrusion file is one intrusion; all processes (PIDs) in the file belong to it";
        return new Experiment(name, folder, normals, folder.resolve(INTRUSION), abi, grouping, note);
    }

    static boolean isExperimentFolder(Path folder) {
        return Files.isDirectory(folder.resolve(NORMAL)) && Files.isDirectory(folder.resolve(INTRUSION));
    }

    private static String abiOf(Path programFolder) throws IOException {
        try (Stream<Path> s = Files.list(programFolder)) {
            boolean sun = s.anyMatch(p -> p.getFileName().toString().startsWith("calls.txt.sun"));
            return sun ? Abis.SUNOS : Abis.LINUX_I386;
        }
    }

    private static void requireDirectory(Path p, String what) throws NoSuchFileException {
        if (!Files.isDirectory(p)) {
            throw new NoSuchFileException(p.toString(), null, what + " not found");
        }
    }

    private static List<Path> subdirectories(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted().toList();
        }
    }
}
