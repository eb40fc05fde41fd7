package org.vmpbd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libvirt adapter against libvirt's own in-process test driver, and QEMU's refusal as a fault. */
class LibvirtTestDriverTest {

    @Test
    void findsTheTestDomainAndSaysThatTheTestDriverHasNoMonitor() throws Exception {
        try (LibvirtConnection c = new LibvirtConnection("test:///default")) {
            assertEquals("test", c.domain("test").getName());
            HypervisorException missing = assertThrows(HypervisorException.class, () -> c.domain("nope"));
            assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
            HypervisorException e = assertThrows(HypervisorException.class,
                () -> new LibvirtDomainMonitor(c).hmp("test", "info status"));
            assertTrue(e.getMessage().contains("info status") && e.getMessage().contains("test"), e.getMessage());
        }
    }

    @Test
    void gdbserverRefusedByQemuIsAClearError(@TempDir Path dir) throws Exception {
        DomainMonitor monitor = mock(DomainMonitor.class);
        when(monitor.hmp(eq("vm1"), anyString())).thenReturn("Error: duplicate yank instance\r\n");
        GdbserverControl control = new GdbserverControl(monitor, dir.resolve("gdb"), "no-such-user-here");
        HypervisorException e = assertThrows(HypervisorException.class, () -> control.enable("vm1"));
        assertTrue(e.getMessage().contains("duplicate yank instance"), e.getMessage());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("gdb"))));
    }

    @Test
    void acceleratorNeedsVmxOrSvmNotJustDevKvm(@TempDir Path dir) throws Exception {
        Path intel = dir.resolve("intel");
        Files.writeString(intel, "processor\t: 0\nflags\t\t: fpu vme de pse tsc msr pae vmx ept\n");
        Path none = dir.resolve("none");
        Files.writeString(none, "processor\t: 0\nflags\t\t: fpu vme de pse tsc msr pae hypervisor\n");
        assertEquals(Accelerator.KVM, Accelerator.probe(intel));
        assertEquals(Accelerator.TCG, Accelerator.probe(none));
        assertEquals("qemu", Accelerator.TCG.domainType());
    }
}
