package org.vmpbd.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One evaluation experiment: the normal and intrusion traces of one program (or one independent
 * subset of a program, such as UNM lpr's UNM and MIT sets).
 *
 * @param name          short name used in reports and output folders, e.g. {@code login}, {@code lpr-unm}
 * @param folder        the folder holding {@code normal/} and {@code intrusion/}
 * @param normalDirs    folders of normal traces ({@code normal/}, plus e.g. xlock's {@code normal-live/})
 * @param intrusionDir  folder of intrusion traces
 * @param abi           system-call numbering of the traces (a built-in ABI name)
 * @param grouping      what counts as one intrusion
 * @param groupingNote  why that grouping (quoted from the dataset's README where it says so)
 */
public record Experiment(String name, Path folder, List<Path> normalDirs, Path intrusionDir, String abi,
                         IntrusionGrouping grouping, String groupingNote) {
    public Experiment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        normalDirs = List.copyOf(normalDirs);
        Objects.requireNonNull(intrusionDir, "intrusionDir");
        Objects.requireNonNull(abi, "abi");
        Objects.requireNonNull(grouping, "grouping");
        groupingNote = groupingNote == null ? grouping.description() : groupingNote;
    }
}
