package org.vmpbd.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLayoutTest {
    @Test
    void programFoldersAndSubsets(@TempDir Path root) throws IOException {
        SyntheticUnm.program(root.resolve("login"), 4, 2, 1);
        SyntheticUnm.program(root.resolve("lpr/mit-live"), 4, 1, 2);
        SyntheticUnm.program(root.resolve("lpr/unm-live"), 4, 1, 3);
        Files.writeString(root.resolve("lpr/calls.txt.sun"), "exit\n");
        SyntheticUnm.program(root.resolve("xlock"), 4, 1, 4);
        Files.createDirectories(root.resolve("xlock/normal-live"));
        Files.writeString(root.resolve("README.md"), "not a program");

        List<Experiment> all = DatasetLayout.discoverAll(root);
        assertEquals(List.of("login", "lpr-mit", "lpr-unm", "xlock"), all.stream().map(Experiment::name).toList());
        Experiment lpr = all.get(1);
        assertEquals("sunos", lpr.abi());
        assertEquals(IntrusionGrouping.WHOLE_SET, lpr.grouping());
        assertEquals("linux-i386", all.get(0).abi());
        assertEquals(IntrusionGrouping.PER_FILE, all.get(0).grouping());
        assertEquals(List.of(root.resolve("xlock/normal"), root.resolve("xlock/normal-live")), all.get(3).normalDirs());
    }

    @Test
    void loadingGroupsIntrusionProcessesByFile(@TempDir Path root) throws IOException {
        Experiment e = DatasetLayout.program(SyntheticUnm.program(root.resolve("ps"), 5, 3, 1)).get(0);
        ExperimentData d = new ExperimentLoader().load(e);
        assertEquals(5, d.normal().size());
        assertEquals(6, d.intrusion().size());
        assertEquals(3, d.intrusions().size());
        assertEquals(List.of(0, 1), d.intrusions().get("intrusion/attack0.int.gz"));
        assertTrue(d.normal().get(0).id().startsWith("normal/n000.int.gz#"));
    }

    @Test
    void missingFoldersAreNamed(@TempDir Path root) throws IOException {
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
            () -> DatasetLayout.discoverAll(root.resolve("nowhere")));
        assertTrue(missing.getFile().endsWith("nowhere"));
        Files.createDirectories(root.resolve("half/normal"));
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
            () -> DatasetLayout.program(root.resolve("half")));
        assertTrue(half.getMessage().contains(root.resolve("half/intrusion").toString()), half.getMessage());
        Files.createDirectories(root.resolve("empty"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> DatasetLayout.discoverAll(root.resolve("empty")));
        assertTrue(none.getMessage().contains("no program folders"), none.getMessage());
    }
}
