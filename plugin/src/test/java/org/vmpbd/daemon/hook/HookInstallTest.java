package org.vmpbd.daemon.hook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code libvirt-hooks/install.sh} into a temporary {@code --prefix}. */
class HookInstallTest {
    private static final Path INSTALLER = HookScriptRunner.SCRIPT.resolveSibling("install.sh");

    @TempDir
    Path prefix;

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run install(String libvirtdRunning, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", INSTALLER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("VMPBD_LIBVIRTD_RUNNING", libvirtdRunning);
        Path out = Files.createTempFile("install", ".out");
        Path err = Files.createTempFile("install", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the installer hung");
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    private Path hook() {
        return prefix.resolve("etc/libvirt/hooks/qemu.d/vmpbd");
    }

    @Test
    void installsTheHookExecutableAndTheConfigurationDirectory() throws Exception {
        Run r = install("no", "--prefix", prefix.toString());
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("", r.stderr());
        assertTrue(r.stdout().contains("installed " + hook()), r.stdout());
        assertArrayEquals(Files.readAllBytes(HookScriptRunner.SCRIPT), Files.readAllBytes(hook()));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(hook())));
        assertTrue(Files.isDirectory(prefix.resolve("etc/vmpbd")));
        assertFalse(r.stdout().contains("restart"), r.stdout());
        try (var staged = Files.list(prefix.resolve("etc/libvirt/hooks"))) {
            assertEquals(List.of(prefix.resolve("etc/libvirt/hooks/qemu.d")), staged.toList(), "no staging file left");
        }
    }

    @Test
    void aRunningLibvirtdWithoutAnyQemuHookMustBeRestartedOnce() throws Exception {
        Run first = install("yes", "--prefix", prefix.toString());
        assertEquals(0, first.exit(), first.stderr());
        assertTrue(first.stdout().contains("libvirtd is running and had no qemu hook when it started: restart it"),
            first.stdout());

        Run again = install("yes", "--prefix", prefix.toString());
        assertEquals(0, again.exit(), again.stderr());
        assertEquals("unchanged: " + hook() + "\n", again.stdout(), "idempotent, and the hook was there already");
    }

    @Test
    void anotherExecutableQemuHookMeansLibvirtdAlreadyRunsHooks() throws Exception {
        Path other = prefix.resolve("etc/libvirt/hooks/qemu.d/10-other");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run r = install("yes", "--prefix", prefix.toString());
        assertEquals(0, r.exit(), r.stderr());
        assertFalse(r.stdout().contains("restart"), r.stdout());
        assertEquals("#!/bin/sh\nexit 0\n", Files.readString(other), "other hooks are left alone");
    }

    @Test
    void aNonExecutableHookDoesNotCountAndALegacyQemuScriptDoes() throws Exception {
        Path hooks = prefix.resolve("etc/libvirt/hooks");
        Files.createDirectories(hooks.resolve("qemu.d"));
        Files.writeString(hooks.resolve("qemu.d/notes.txt"), "not a hook");
        Run r = install("yes", "--prefix", prefix.toString());
        assertTrue(r.stdout().contains("restart it"), "libvirt ignores non-executable files: " + r.stdout());

        Path other = Files.createTempDirectory(prefix, "p2");
        Path legacy = other.resolve("etc/libvirt/hooks/qemu");
        Files.createDirectories(legacy.getParent());
        Files.writeString(legacy, "#!/bin/sh\n");
        Files.setPosixFilePermissions(legacy, PosixFilePermissions.fromString("rwx------"));
        Run withLegacy = install("yes", "--prefix", other.toString());
        assertEquals(0, withLegacy.exit(), withLegacy.stderr());
        assertFalse(withLegacy.stdout().contains("restart"), withLegacy.stdout());
    }

    @Test
    void aChangedHookIsReplacedAndItsModeRepaired() throws Exception {
        install("no", "--prefix", prefix.toString());
        Files.writeString(hook(), "#!/bin/sh\necho tampered\n");
        Files.setPosixFilePermissions(hook(), PosixFilePermissions.fromString("rw-------"));
        Run r = install("no", "--prefix", prefix.toString());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("installed " + hook()), r.stdout());
        assertArrayEquals(Files.readAllBytes(HookScriptRunner.SCRIPT), Files.readAllBytes(hook()));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(hook())));
    }

    @Test
    void uninstallRemovesTheHookKeepsTheConfigurationAndCanRunTwice() throws Exception {
        install("no", "--prefix", prefix.toString());
        Files.writeString(prefix.resolve("etc/vmpbd/hook.conf"), "timeout=5\n");
        Run r = install("no", "--prefix=" + prefix, "--uninstall");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("removed " + hook()), r.stdout());
        assertFalse(Files.exists(hook()));
        assertEquals("timeout=5\n", Files.readString(prefix.resolve("etc/vmpbd/hook.conf")));

        Run again = install("no", "--uninstall", "--prefix", prefix.toString());
        assertEquals(0, again.exit(), again.stderr());
        assertTrue(again.stdout().contains("not installed: " + hook()), again.stdout());
    }

    @Test
    void badUsageIsNamedWithExitStatus2() throws Exception {
        Run unknown = install("no", "--prefix", prefix.toString(), "--force");
        assertEquals(2, unknown.exit());
        assertEquals("install.sh: unknown argument '--force' (see --help)\n", unknown.stderr());

        Run noDir = install("no", "--prefix");
        assertEquals(2, noDir.exit());
        assertEquals("install.sh: --prefix needs a directory\n", noDir.stderr());

        Run missing = install("no", "--prefix", prefix.resolve("nowhere").toString());
        assertEquals(2, missing.exit());
        assertEquals("install.sh: --prefix " + prefix.resolve("nowhere") + " is not a directory\n", missing.stderr());

        Run badEnv = install("maybe", "--prefix", prefix.toString());
        assertEquals(2, badEnv.exit());
        assertTrue(badEnv.stderr().contains("VMPBD_LIBVIRTD_RUNNING must be yes, no or auto, not 'maybe'"), badEnv.stderr());

        Run help = install("no", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.stdout().startsWith("usage: install.sh [--prefix DIR] [--uninstall]"), help.stdout());
        assertEquals(List.of(), listOrEmpty(prefix.resolve("etc")), "bad usage installed nothing");
    }

    private static List<Path> listOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void theInstalledHookRunsAsLibvirtWouldRunIt() throws Exception {
        install("no", "--prefix", prefix.toString());
        Path conf = Files.writeString(prefix.resolve("hook.conf"), "socket=" + prefix.resolve("none.sock") + "\n");
        ProcessBuilder pb = new ProcessBuilder(hook().toString(), "web-1", "prepare", "begin", "-");
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("VMPBD_HOOK_CONF", conf.toString());
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().write("<domain/>".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("fail mode open"), out);
    }
}
