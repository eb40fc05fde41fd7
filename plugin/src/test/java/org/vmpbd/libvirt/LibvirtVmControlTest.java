package org.vmpbd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link LibvirtVmControl} on libvirt's in-process test driver: start with Nova metadata, pause, snapshot. */
class LibvirtVmControlTest {
    private static String xml(String name) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
            + "<memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><metadata>"
            + "<nova:instance xmlns:nova='" + LibvirtVmControl.NOVA_NS + "'><nova:name>t</nova:name>"
            + "<nova:owner><nova:user uuid='u1'>alice</nova:user><nova:project uuid='p123'>demo</nova:project></nova:owner>"
            + "<nova:root type='image' uuid='img-web'/></nova:instance></metadata></domain>";
    }

    @Test
    void startsPausesAndSnapshotsOnTheTestDriverAndRefusesLinkDown() throws Exception {
        try (LibvirtConnection c = new LibvirtConnection(LibvirtVmControl.TEST_URI)) {
            VmControl vms = new LibvirtVmControl(c);
            VmControl.VmInfo info = vms.start(xml("vmpbd-control-test"));
            assertEquals("running", info.state());
            assertEquals("p123", info.projectId());
            assertEquals("demo", info.projectName());
            assertEquals("img-web", info.image());
            assertEquals("running", vms.start(xml("vmpbd-control-test")).state(), "a second start replaces the first");
            vms.pause("vmpbd-control-test");
            assertEquals("paused", vms.info("vmpbd-control-test").state());
            assertEquals("evidence-1", vms.snapshot("vmpbd-control-test", "evidence-1", "why"));
            assertTrue(vms.snapshots("vmpbd-control-test").contains("evidence-1"));
            assertTrue(vms.supports(VmControl.Operation.PAUSE) && vms.supports(VmControl.Operation.SNAPSHOT));
            assertFalse(vms.supports(VmControl.Operation.LINK_DOWN));
            vms.stop("vmpbd-control-test");
            assertThrows(HypervisorException.class, () -> vms.pause("vmpbd-control-test"));
        }
    }
}
