package org.vmpbd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DomainDescriptionTest {
    private static final String SOURCE = "libvirt domain test";
    private final DomainXmlParser parser = new DomainXmlParser();

    private DomainDescription parse(String xml) throws DomainXmlException {
        return parser.parse(xml, SOURCE);
    }

    /** The Nova fixture with its {@code <nova:instance>} body replaced. */
    private static String withNova(String body) {
        String xml = DomainDescriptionFixtures.text(DomainDescriptionFixtures.NOVA);
        int start = xml.indexOf("<nova:instance");
        int end = xml.indexOf("</nova:instance>") + "</nova:instance>".length();
        return xml.substring(0, start) + "<nova:instance xmlns:nova=\"http://openstack.org/xmlns/libvirt/nova/1.1\">"
            + body + "</nova:instance>" + xml.substring(end);
    }

    @Test
    void novaFixtureFieldByField() throws DomainXmlException {
        DomainDescription d = parser.parse(DomainDescriptionFixtures.bytes(DomainDescriptionFixtures.NOVA), SOURCE);
        assertEquals("instance-0000002a", d.name());
        assertEquals("8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b", d.uuid());
        assertEquals("kvm", d.type());
        assertTrue(d.isKvm());
        assertFalse(d.gdbOnCommandLine());

        NovaInstance n = d.nova().orElseThrow();
        assertEquals("http://openstack.org/xmlns/libvirt/nova/1.1", n.namespace());
        assertEquals(Optional.of("web-frontend-01"), n.name());
        assertEquals(Optional.of("c3a9e1f27b5d4e68a0f4b2d6c8e1a3f5"), n.projectUuid());
        assertEquals(Optional.of("web-team"), n.projectName());
        assertEquals(Optional.of("5f0c3e7a9b8d4c2e8a1f6b3d7e9c0a12"), n.userUuid());
        assertEquals(Optional.of("alice"), n.userName());
        assertEquals(Optional.of("b6f3c2d1-9e4a-4c7b-8f2e-1a5d3c7b9e0f"), n.rootImageUuid());
        assertEquals(Optional.of("26.2.2"), n.packageVersion());
        assertEquals(Optional.of(Instant.parse("2024-05-17T09:41:27Z")), n.creationTime());
        NovaInstance.Flavor f = n.flavor().orElseThrow();
        assertEquals(Optional.of("m1.small"), f.name());
        assertEquals(OptionalLong.of(2048), f.memoryMib());
        assertEquals(OptionalLong.of(1), f.vcpus());
        assertEquals(OptionalLong.of(20), f.diskGib());
        assertEquals(OptionalLong.of(0), f.swapMib());
        assertEquals(OptionalLong.of(0), f.ephemeralGib());
        assertEquals(List.of(
            new NovaInstance.Port("d2c1b0a9-8e7f-4a6b-9c5d-3e2f1a0b9c8d", List.of(
                new NovaInstance.Ip(Optional.of("fixed"), "10.0.0.12", OptionalInt.of(4)),
                new NovaInstance.Ip(Optional.of("fixed"), "fd00:10::f816:3eff:fe4b:1c2d", OptionalInt.of(6)))),
            new NovaInstance.Port("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", List.of(
                new NovaInstance.Ip(Optional.of("fixed"), "192.168.50.7", OptionalInt.of(4))))), n.ports());

        assertEquals(List.of(
            new DomainInterface("bridge", Optional.of("fa:16:3e:4b:1c:2d"), Optional.empty(), Optional.of("br-int"),
                Optional.empty(), Optional.of("tapd2c1b0a9-8e"), Optional.of("virtio"), Optional.of("net0"),
                Optional.of("d2c1b0a9-8e7f-4a6b-9c5d-3e2f1a0b9c8d"), true),
            new DomainInterface("bridge", Optional.of("fa:16:3e:91:07:e4"), Optional.empty(), Optional.of("br-int"),
                Optional.empty(), Optional.of("tap7a6b5c4d-3e"), Optional.of("virtio"), Optional.of("net1"),
                Optional.of("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"), true)), d.interfaces());
    }

    @Test
    void plainFixtureFieldByField() throws DomainXmlException {
        DomainDescription d = parser.parse(DomainDescriptionFixtures.bytes(DomainDescriptionFixtures.PLAIN), SOURCE);
        assertEquals("lab-debian12", d.name());
        assertEquals("1f2e3d4c-5b6a-4798-8796-a5b4c3d2e1f0", d.uuid());
        assertEquals("qemu", d.type());
        assertFalse(d.isKvm());
        assertEquals(Optional.empty(), d.nova(), "libosinfo metadata is not Nova's");
        assertTrue(d.gdbOnCommandLine());
        assertEquals(List.of(
            new DomainInterface("network", Optional.of("52:54:00:6b:3c:58"), Optional.of("default"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("e1000"), Optional.empty(), Optional.empty(), false),
            new DomainInterface("user", Optional.of("52:54:00:aa:bb:01"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("virtio"), Optional.empty(), Optional.empty(), true)),
            d.interfaces());
    }

    @Test
    void theStreamAndStringEntriesAgreeWithTheBytesEntry() throws DomainXmlException {
        byte[] bytes = DomainDescriptionFixtures.bytes(DomainDescriptionFixtures.NOVA);
        DomainDescription fromBytes = parser.parse(bytes, SOURCE);
        assertEquals(fromBytes, parser.read(new ByteArrayInputStream(bytes), SOURCE));
        assertEquals(fromBytes, parser.parse(DomainDescriptionFixtures.text(DomainDescriptionFixtures.NOVA), SOURCE));
    }

    @Test
    void novaNamespaceOneZeroIsRead() throws DomainXmlException {
        String xml = DomainDescriptionFixtures.text(DomainDescriptionFixtures.NOVA).replace("nova/1.1", "nova/1.0");
        NovaInstance n = parse(xml).nova().orElseThrow();
        assertEquals("http://openstack.org/xmlns/libvirt/nova/1.0", n.namespace());
        assertEquals(Optional.of("c3a9e1f27b5d4e68a0f4b2d6c8e1a3f5"), n.projectUuid());
    }

    @Test
    void anUnknownNovaNamespaceVersionIsNotNova() throws DomainXmlException {
        String xml = DomainDescriptionFixtures.text(DomainDescriptionFixtures.NOVA).replace("nova/1.1", "nova/9.9");
        assertEquals(Optional.empty(), parse(xml).nova());
    }

    @Test
    void aNovaBlockWithOnlyANameHasEveryOtherFieldAbsent() throws DomainXmlException {
        NovaInstance n = parse(withNova("<nova:name>only-a-name</nova:name>")).nova().orElseThrow();
        assertEquals(new NovaInstance("http://openstack.org/xmlns/libvirt/nova/1.1", Optional.of("only-a-name"),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), List.of()), n);
        NovaInstance empty = parse(withNova("")).nova().orElseThrow();
        assertEquals(Optional.empty(), empty.name());
    }

    @Test
    void missingOrUnreadableNovaFieldsAreAbsentNotErrors() throws DomainXmlException {
        NovaInstance n = parse(withNova(
            "<nova:name>  </nova:name>"
                + "<nova:creationTime>yesterday</nova:creationTime>"
                + "<nova:package/>"
                + "<nova:flavor><nova:memory>lots</nova:memory><nova:vcpus>-2</nova:vcpus><nova:disk>99999999999999999999</nova:disk>"
                + "<nova:swap>512</nova:swap></nova:flavor>"
                + "<nova:owner><nova:project>no-uuid</nova:project><nova:user uuid=\"u1\"/></nova:owner>"
                + "<nova:root type=\"image\" uuid=\"\"/>"
                + "<nova:ports><nova:port><nova:ip address=\"10.1.1.1\"/></nova:port>"
                + "<nova:port uuid=\"p2\"><nova:ip type=\"fixed\"/><nova:ip address=\"10.2.2.2\" ipVersion=\"five\"/></nova:port>"
                + "</nova:ports>")).nova().orElseThrow();
        assertEquals(Optional.empty(), n.name());
        assertEquals(Optional.empty(), n.creationTime());
        assertEquals(Optional.empty(), n.packageVersion());
        NovaInstance.Flavor f = n.flavor().orElseThrow();
        assertEquals(Optional.empty(), f.name());
        assertEquals(OptionalLong.empty(), f.memoryMib());
        assertEquals(OptionalLong.empty(), f.vcpus());
        assertEquals(OptionalLong.empty(), f.diskGib());
        assertEquals(OptionalLong.of(512), f.swapMib());
        assertEquals(OptionalLong.empty(), f.ephemeralGib());
        assertEquals(Optional.empty(), n.projectUuid());
        assertEquals(Optional.of("no-uuid"), n.projectName());
        assertEquals(Optional.of("u1"), n.userUuid());
        assertEquals(Optional.empty(), n.userName());
        assertEquals(Optional.empty(), n.rootImageUuid(), "a volume-backed instance has an empty image uuid");
        assertEquals(List.of(new NovaInstance.Port("p2",
            List.of(new NovaInstance.Ip(Optional.empty(), "10.2.2.2", OptionalInt.empty())))), n.ports());
    }

    @Test
    void aRootThatIsNotAnImageHasNoImageUuid() throws DomainXmlException {
        NovaInstance n = parse(withNova("<nova:root type=\"volume\" uuid=\"b6f3c2d1-9e4a-4c7b-8f2e-1a5d3c7b9e0f\"/>"))
            .nova().orElseThrow();
        assertEquals(Optional.empty(), n.rootImageUuid());
    }

    @Test
    void twoOwnersAreAmbiguousAndRefused() {
        DomainXmlException e = assertThrows(DomainXmlException.class, () -> parse(withNova(
            "<nova:owner><nova:project uuid=\"a\">a</nova:project><nova:project uuid=\"b\">b</nova:project></nova:owner>")));
        assertEquals(SOURCE + ": ambiguous domain XML: 2 <nova:project> elements in <nova:owner>", e.getMessage());
        String xml = DomainDescriptionFixtures.text(DomainDescriptionFixtures.NOVA);
        String block = xml.substring(xml.indexOf("<nova:instance"), xml.indexOf("</nova:instance>") + 16);
        e = assertThrows(DomainXmlException.class, () -> parse(xml.replace(block, block + block)));
        assertTrue(e.getMessage().contains("2 <nova:instance> elements in <metadata>"), e.getMessage());
    }

    @Test
    void version1_1IsPreferredOverAnOld1_0Block() throws DomainXmlException {
        String xml = withNova("<nova:name>new</nova:name>").replace("<metadata>",
            "<metadata><n:instance xmlns:n=\"http://openstack.org/xmlns/libvirt/nova/1.0\"><n:name>old</n:name></n:instance>");
        assertEquals(Optional.of("new"), parse(xml).nova().orElseThrow().name());
    }

    @Test
    void uuidsAreNormalisedOrRefused() throws DomainXmlException {
        String xml = DomainDescriptionFixtures.text(DomainDescriptionFixtures.PLAIN);
        String canonical = "1f2e3d4c-5b6a-4798-8796-a5b4c3d2e1f0";
        assertEquals(canonical, parse(xml.replace(canonical, "1F2E3D4C5B6A47988796A5B4C3D2E1F0")).uuid());
        DomainXmlException e = assertThrows(DomainXmlException.class, () -> parse(xml.replace(canonical, "not-a-uuid")));
        assertEquals(SOURCE + ": domain lab-debian12: <uuid> 'not-a-uuid' is not a UUID", e.getMessage());
        e = assertThrows(DomainXmlException.class, () -> parse(xml.replace(canonical, "x\ny".repeat(40))));
        assertEquals(SOURCE + ": domain lab-debian12: <uuid> '" + "x?y".repeat(22).substring(0, 64) + "...' is not a UUID",
            e.getMessage(), "one line, shortened");
    }

    @Test
    void gdbIsFoundOnlyAsAQemuOption() throws DomainXmlException {
        String plain = DomainDescriptionFixtures.text(DomainDescriptionFixtures.PLAIN);
        assertTrue(parse(plain.replace("value='-gdb'", "value='-s'")).gdbOnCommandLine());
        assertFalse(parse(plain.replace("value='-gdb'", "value='-d'")).gdbOnCommandLine());
        assertFalse(parse(plain.replace("<qemu:arg value='-gdb'/>", "<arg value='-gdb'/>")).gdbOnCommandLine(),
            "an element outside the qemu namespace is not a command line");
        assertFalse(parse(plain.replace("http://libvirt.org/schemas/domain/qemu/1.0", "urn:other")).gdbOnCommandLine());
    }
}
