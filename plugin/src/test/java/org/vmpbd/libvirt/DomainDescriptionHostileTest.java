package org.vmpbd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Documents a hook's stdin could carry: each is refused with a message naming the source. */
class DomainDescriptionHostileTest {
    private static final String SOURCE = "hook stdin for domain instance-0000002a";
    private static final String MINIMAL = "<domain type='kvm'><name>vm</name>"
        + "<uuid>8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b</uuid></domain>";

    private final DomainXmlParser parser = new DomainXmlParser();

    private DomainXmlException refused(Executable call) {
        DomainXmlException e = assertThrows(DomainXmlException.class, call);
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), "the message names the source: " + e.getMessage());
        return e;
    }

    private DomainXmlException refused(String xml) {
        return refused(() -> parser.parse(xml.getBytes(StandardCharsets.UTF_8), SOURCE));
    }

    private static void assertContains(String part, DomainXmlException e) {
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' lacks '" + part + "'");
    }

    @Test
    void externalEntitiesAreRefused(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "TOP-SECRET");
        DomainXmlException e = refused("<?xml version=\"1.0\"?>\n<!DOCTYPE domain [\n"
            + "  <!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">\n]>\n"
            + "<domain type='kvm'><name>&xxe;</name><uuid>8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b</uuid></domain>");
        assertContains("malformed XML at line 2, column 10", e);
        assertContains("DOCTYPE", e);
        assertFalse(e.getMessage().contains("TOP-SECRET"));
    }

    @Test
    void anExternalDtdIsRefused() {
        DomainXmlException e = refused("<!DOCTYPE domain SYSTEM \"http://127.0.0.1:1/evil.dtd\">" + MINIMAL);
        assertContains("DOCTYPE", e);
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            xml.append(" <!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                xml.append("&lol").append(i == 1 ? "" : Integer.toString(i - 1)).append(';');
            }
            xml.append("\">\n");
        }
        xml.append("]>\n<domain type='kvm'><name>&lol9;</name><uuid>8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b</uuid></domain>");
        DomainXmlException e = refused(xml.toString());
        assertContains("DOCTYPE", e);
        assertContains("line 2", e);
    }

    @Test
    void xincludeIsNotProcessed() throws DomainXmlException {
        DomainDescription d = parser.parse("<domain type='kvm' xmlns:xi='http://www.w3.org/2001/XInclude'>"
            + "<name>vm<xi:include href='/etc/hostname' parse='text'/></name>"
            + "<uuid>8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b</uuid></domain>", SOURCE);
        assertEquals("vm", d.name());
    }

    @Test
    void documentsOverTheCapAreRefusedFromEveryEntry() {
        DomainXmlParser small = new DomainXmlParser(1024);
        byte[] nova = DomainDescriptionFixtures.bytes(DomainDescriptionFixtures.NOVA);
        assertTrue(nova.length > 1024);
        DomainXmlException e = refused(() -> small.parse(nova, SOURCE));
        assertEquals(SOURCE + ": domain XML larger than 1024 bytes, refused", e.getMessage());
        refused(() -> small.parse(new String(nova, StandardCharsets.UTF_8), SOURCE));
        InputStream endless = new InputStream() {
            private long served;

            @Override
            public int read() {
                served++;
                return 'a';
            }
        };
        e = refused(() -> small.read(endless, SOURCE));
        assertContains("larger than 1024 bytes", e);
        assertThrows(IllegalArgumentException.class, () -> new DomainXmlParser(0));
    }

    @Test
    void aStreamThatFailsIsAClearError() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        DomainXmlException e = refused(() -> parser.read(broken, SOURCE));
        assertEquals(SOURCE + ": cannot read the domain XML: Broken pipe", e.getMessage());
    }

    @Test
    void binaryJunkAndOtherEncodingsAreRefused() {
        DomainXmlException e = refused(() -> parser.parse(new byte[] {'<', 'd', (byte) 0xC3, (byte) 0x28}, SOURCE));
        assertEquals(SOURCE + ": domain XML is not UTF-8 (byte 0xC3 at offset 2)", e.getMessage());

        byte[] utf16 = MINIMAL.getBytes(StandardCharsets.UTF_16);
        assertContains("is not UTF-8", refused(() -> parser.parse(utf16, SOURCE)));

        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0};
        e = refused(() -> parser.parse(elf, SOURCE));
        assertContains("malformed XML at line 1, column 1", e);

        e = refused("<domain type='kvm'><name>v\u0001m</name></domain>");
        assertContains("malformed XML at line 1, column 27", e);
    }

    @Test
    void aUtf8ByteOrderMarkIsAccepted() throws DomainXmlException {
        byte[] body = MINIMAL.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertEquals("vm", parser.parse(withBom, SOURCE).name());
    }

    @Test
    void emptyAndNullInputAreClearErrors() {
        assertEquals(SOURCE + ": domain XML is empty", refused("").getMessage());
        assertEquals(SOURCE + ": domain XML is empty", refused(" \n ").getMessage());
        assertEquals(SOURCE + ": no domain XML (null)", refused(() -> parser.parse((String) null, SOURCE)).getMessage());
        assertEquals(SOURCE + ": domain XML is empty",
            refused(() -> parser.read(new ByteArrayInputStream(new byte[0]), SOURCE)).getMessage());
    }

    @Test
    void truncatedDocumentsNameTheLine() {
        String nova = DomainDescriptionFixtures.text(DomainDescriptionFixtures.NOVA);
        DomainXmlException e = refused(nova.substring(0, nova.indexOf("<devices>")));
        assertContains("malformed XML at line ", e);
    }

    @Test
    void missingIdentityIsAClearError() {
        assertEquals(SOURCE + ": the domain has no <name>",
            refused("<domain type='kvm'><uuid>8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b</uuid></domain>").getMessage());
        assertEquals(SOURCE + ": the domain has no <name>",
            refused("<domain type='kvm'><name> </name><uuid>8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b</uuid></domain>")
                .getMessage());
        assertEquals(SOURCE + ": domain vm has no <uuid>", refused("<domain type='kvm'><name>vm</name></domain>").getMessage());
        assertEquals(SOURCE + ": <domain> has no type attribute",
            refused("<domain><name>vm</name><uuid>8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b</uuid></domain>").getMessage());
        assertEquals(SOURCE + ": root element is <network>, expected <domain>",
            refused("<network><name>default</name></network>").getMessage());
        assertEquals(SOURCE + ": root element is <domain> in namespace urn:x, expected <domain>",
            refused(MINIMAL.replace("<domain ", "<domain xmlns='urn:x' ")).getMessage());
        assertEquals(SOURCE + ": ambiguous domain XML: 2 <name> elements in <domain>",
            refused(MINIMAL.replace("<name>vm</name>", "<name>vm</name><name>other</name>")).getMessage());
        assertEquals(SOURCE + ": domain vm: <interface> #1 has no type attribute",
            refused(MINIMAL.replace("</domain>", "<devices><interface><mac address='x'/></interface></devices></domain>"))
                .getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        StringBuilder xml = new StringBuilder("<domain type='kvm'><name>vm</name>"
            + "<uuid>8e1b3f4c-6d2a-4f0e-9b7c-2a5d1e3f4a6b</uuid><metadata>");
        int depth = 100_000;
        xml.append("<a>".repeat(depth)).append("</a>".repeat(depth)).append("</metadata></domain>");
        DomainXmlException e = refused(xml.toString());
        assertContains("malformed XML at line 1", e);
        assertContains("maxElementDepth", e);
    }
}
