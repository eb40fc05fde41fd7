package org.vmpbd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmpbd policy check} and {@code vmpbd policy show} end to end: exit codes and output. */
class PolicyCliTest {
    private static final String POLICIES = Path.of("..", "policies").toString();

    private final CliRun cli = new CliRun(true);

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @Test
    void checkAcceptsTheShippedPolicies() {
        assertEquals(0, run("policy", "check", POLICIES), err());
        assertTrue(out().startsWith("ok: "), out());
        assertEquals(0, run("policy", "check", POLICIES + "/tenants/webshop.yaml", POLICIES + "/default.yaml"), err());
    }

    @Test
    void checkPrintsOneLinePerProblemAndExits2(@TempDir Path dir) throws Exception {
        Path tenants = Files.createDirectories(dir.resolve("tenants"));
        Files.writeString(tenants.resolve("shop.yaml"), """
            version: 1
            match:
              projectNames: [shop]
            detection:
              epsilon: 1.5
              syscallFilter: [read, wrte]
            actions:
              high: [metadata, reboot]
            """);
        assertEquals(2, run("policy", "check", dir.toString()));
        String f = tenants.resolve("shop.yaml").toString();
        assertEquals(f + ":5: detection.epsilon: must be in (0, 1], got 1.5\n"
            + f + ":8: actions.high[1]: must be one of metadata, snapshot, pause, quarantine, shutoff, got 'reboot'\n",
            out());
        assertTrue(err().contains("2 problems in 1 file"), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
        Files.writeString(tenants.resolve("shop.yaml"), "version: 1\nmatch:\n  projectNames: [shop]\n"
            + "detection:\n  syscallFilter: [read, wrte]\n");
        assertEquals(2, run("policy", "check", dir.toString()));
        assertEquals(f + ":5: detection.syscallFilter[1]: 'wrte' is not a system call of linux-x86_64 (detection.abi)\n",
            out());
    }

    @Test
    void checkOfAMissingPathIsAUserError(@TempDir Path dir) {
        assertEquals(2, run("policy", "check", dir.resolve("nope").toString()));
        assertTrue(err().contains("nope: no such file or directory"), err());
    }

    @Test
    void showPrintsTheEffectivePolicyWithProvenance() {
        assertEquals(0, run("policy", "show", "--name", "webshop", "--dir", POLICIES), err());
        String o = out();
        assertTrue(o.startsWith("# effective policy for project name webshop: " + POLICIES
            + "/tenants/webshop.yaml (matched by project name)"), o);
        assertTrue(o.contains("  epsilon: 0.6  # " + POLICIES + "/tenants/webshop.yaml:"), o);
        assertTrue(o.contains("  m: 6  # " + POLICIES + "/default.yaml:"), o);
        assertTrue(o.contains("failMode: open  # " + POLICIES + "/tenants/webshop.yaml:"), o);

        assertEquals(0, run("policy", "show", "--project", "7e1d2c3b4a5f46e8b9c0d1e2f3a4b5c6", "--name", "webshop",
            "--dir", POLICIES), err());
        assertTrue(out().contains("regulated-db.yaml (matched by project id)"), "id beats name: " + out());
        assertTrue(out().contains("failMode: closed"), out());

        assertEquals(0, run("policy", "show", "--project", "unknown", "--dir", POLICIES), err());
        assertTrue(out().contains("no tenant file matches: the default policy"), out());
    }

    @Test
    void showNeedsAProjectAndValidPolicies(@TempDir Path dir) throws Exception {
        assertEquals(2, run("policy", "show", "--dir", POLICIES));
        Files.writeString(dir.resolve("default.yaml"), "version: 1\nfailMode: sideways\n");
        assertEquals(2, run("policy", "show", "--name", "x", "--dir", dir.toString()));
        assertTrue(err().contains("default.yaml:2: failMode: must be one of open, closed, got 'sideways'"), err());
    }

    @Test
    void policyAloneShowsUsage() {
        assertEquals(2, run("policy"));
        assertTrue(err().contains("check") && err().contains("show"), err());
    }
}
