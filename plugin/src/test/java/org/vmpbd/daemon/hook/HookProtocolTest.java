package org.vmpbd.daemon.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pieces of the wire protocol on their own: percent-encoding, the header, the answer line, the call. */
class HookProtocolTest {

    @Test
    void percentEncodingKeepsOnlyTheUnreservedBytes() {
        assertEquals("web-1.a_B9", PercentEncoding.encode("web-1.a_B9"));
        assertEquals("a%20b%2F%C3%BC%24%28x%29%0A%25", PercentEncoding.encode("a b/ü$(x)\n%"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a b", "$(touch /tmp/x)", "日本語", "🚀", "%41", "tab\tnew\nline", "'\"`;|&<>*?~"})
    void percentEncodingRoundTrips(String text) throws HookProtocolException {
        assertEquals(text, PercentEncoding.decode(PercentEncoding.encode(text), "domain name"));
    }

    @Test
    void percentDecodingAcceptsLowerCaseHexAndEncodedUnreservedBytes() throws HookProtocolException {
        assertEquals("Aü", PercentEncoding.decode("%41%c3%bc", "domain name"));
    }

    @Test
    void percentDecodingNamesTheProblemAndWhere() {
        assertEquals("bad percent-encoding in the domain name at offset 3: '%' must be followed by two hex digits",
            assertThrows(HookProtocolException.class, () -> PercentEncoding.decode("abc%", "domain name")).getMessage());
        assertEquals("the sub-operation has an unencoded character 0x20 at offset 1",
            assertThrows(HookProtocolException.class, () -> PercentEncoding.decode("a b", "sub-operation")).getMessage());
        assertEquals("the domain name is not valid UTF-8 once decoded",
            assertThrows(HookProtocolException.class, () -> PercentEncoding.decode("%C3", "domain name")).getMessage());
    }

    @Test
    void aHeaderRoundTrips() throws HookProtocolException {
        HookRequestHeader h = new HookRequestHeader(HookOp.RELEASE, "end", "vm $1 ü", 42);
        String line = h.toWireLine();
        assertEquals("VMPBD-HOOK 1 release end vm%20%241%20%C3%BC 42\n", line);
        assertEquals(h, HookRequestHeader.parse(line.substring(0, line.length() - 1), 100));
        HookRequestHeader oversize = HookRequestHeader.parse("VMPBD-HOOK 1 prepare begin vm -1", 0);
        assertTrue(oversize.oversize());
        assertEquals(0, HookRequestHeader.parse("VMPBD-HOOK 1 started - vm 0", 0).xmlBytes());
    }

    @Test
    void onlyPrepareLookingHeadersAreAnswered() {
        assertTrue(HookRequestHeader.looksLikePrepare("VMPBD-HOOK 1 prepare garbage"));
        assertFalse(HookRequestHeader.looksLikePrepare("VMPBD-HOOK 1 started begin vm 0"));
        assertFalse(HookRequestHeader.looksLikePrepare("VMPBD-HOOK 2 prepare begin vm 0"));
        assertFalse(HookRequestHeader.looksLikePrepare("HELLO"));
    }

    @Test
    void theAnswerLines() {
        assertEquals("ALLOW\n", new String(HookReply.encode(HookDecision.allow()), StandardCharsets.UTF_8));
        assertEquals("DENY image digest mismatch\n",
            new String(HookReply.encode(HookDecision.deny("  image digest mismatch \n")), StandardCharsets.UTF_8));
        assertEquals("DENY refused (no printable reason given)\n",
            new String(HookReply.encode(HookDecision.deny("\u0007\u0000")), StandardCharsets.UTF_8));
        assertEquals("x".repeat(400), HookReply.reason("x".repeat(1000)));
        assertEquals("x".repeat(398) + "é", HookReply.reason("x".repeat(398) + "éé"));
        assertEquals("x".repeat(399), HookReply.reason("x".repeat(399) + "é"), "a character is never cut in half");
        assertEquals("a 🚀 b", HookReply.reason("a\u200b🚀\u2028b"));
    }

    @Test
    void aDenyNeedsAReason() {
        assertThrows(IllegalArgumentException.class, () -> HookDecision.deny(" "));
        assertThrows(NullPointerException.class, () -> HookDecision.deny(null));
        assertTrue(HookDecision.allow().allowed());
        assertFalse(HookDecision.deny("no").allowed());
    }

    @Test
    void aCallCarriesItsXmlUnlessOversize() {
        Instant t = Instant.EPOCH;
        assertThrows(IllegalArgumentException.class,
            () -> new HookCall(HookOp.PREPARE, "begin", "vm", Optional.of("<d/>"), true, t));
        assertThrows(IllegalArgumentException.class,
            () -> new HookCall(HookOp.PREPARE, "begin", "vm", Optional.empty(), false, t));
        assertEquals(Optional.empty(), new HookCall(HookOp.STARTED, "begin", "vm", Optional.empty(), true, t).xml());
    }

    @Test
    void operationsAreSpelledAsLibvirtDoes() {
        assertEquals(Optional.of(HookOp.STOPPED), HookOp.ofWire("stopped"));
        assertEquals(Optional.empty(), HookOp.ofWire("STOPPED"));
        assertEquals(Optional.empty(), HookOp.ofWire("migrate"));
        assertTrue(HookOp.PREPARE.expectsReply());
        assertFalse(HookOp.RELEASE.expectsReply());
    }
}
