package org.vmpbd.daemon.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmpbd.policy.TenantPolicy.FailMode;

/** The hook policy file: its text, its atomic replacement, and what it refuses to write. */
class HookPolicyFileTest {
    @TempDir
    Path dir;

    @Test
    void theTextListsTheDefaultTheTimeoutAndTheProjectsInOrder() {
        String text = HookPolicyFile.render(FailMode.OPEN,
            Map.of("b2", FailMode.CLOSED, "a1", FailMode.OPEN, "C-3_x", FailMode.CLOSED), Optional.of(Duration.ofSeconds(7)));
        assertEquals("""
            # vmpbd hook policy: fail modes of the prepare check when the daemon cannot answer.
            # Written by the vmpbd daemon from the tenant policies; do not edit.
            default open
            timeout 7
            project C-3_x closed
            project a1 open
            project b2 closed
            """, text);
        assertEquals("default closed", HookPolicyFile.render(FailMode.CLOSED, Map.of(), Optional.empty())
            .lines().filter(l -> !l.startsWith("#")).reduce((a, b) -> a + "|" + b).orElseThrow());
    }

    @Test
    void writingReplacesTheFileAtomicallyAndLeavesNoTempFiles() throws IOException {
        Path target = dir.resolve("run/vmpbd/hook-policy");
        HookPolicyFile file = new HookPolicyFile(target);
        file.write(FailMode.OPEN, Map.of("p1", FailMode.CLOSED), Optional.empty());
        assertTrue(Files.readString(target).contains("project p1 closed\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.getParent())));

        Object before = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        file.write(FailMode.CLOSED, Map.of(), Optional.of(Duration.ofSeconds(3)));
        String text = Files.readString(target);
        assertTrue(text.contains("default closed\ntimeout 3\n") && !text.contains("p1"), text);
        Object after = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertTrue(!before.equals(after), "replaced by a rename, not rewritten in place");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "new\nline", "semi;colon", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ü"})
    void projectIdsTheHookCouldNotMatchAreRefused(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> HookPolicyFile.render(FailMode.OPEN, Map.of(id, FailMode.CLOSED), Optional.empty()));
        assertTrue(e.getMessage().startsWith("project id '" + WireText.shown(id, 80) + "' cannot go into the hook policy file"),
            e.getMessage());
    }

    @Test
    void aRefusedWriteLeavesTheOldFile() throws IOException {
        HookPolicyFile file = new HookPolicyFile(dir.resolve("hook-policy"));
        file.write(FailMode.CLOSED, Map.of(), Optional.empty());
        assertThrows(IllegalArgumentException.class,
            () -> file.write(FailMode.OPEN, Map.of("bad id", FailMode.OPEN), Optional.empty()));
        assertTrue(Files.readString(file.path()).contains("default closed\n"));
    }

    @Test
    void timeoutsAreWholeSecondsFrom1To600() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(601), Duration.ofMillis(1500), Duration.ofSeconds(-1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HookPolicyFile.render(FailMode.OPEN, Map.of(), Optional.of(bad)));
            assertTrue(e.getMessage().startsWith("the hook timeout must be whole seconds from 1 to 600"), e.getMessage());
        }
        assertTrue(HookPolicyFile.render(FailMode.OPEN, Map.of(), Optional.of(Duration.ofSeconds(600))).contains("timeout 600\n"));
    }
}
