package org.vmpbd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded random truncations and mutations of the Nova fixture: the parser either returns a
 * well-formed description or throws {@link DomainXmlException} naming the source; never any other
 * exception.
 */
class DomainDescriptionFuzzTest {
    private static final long SEED = 0x5eed_d0c5L;
    private static final int ROUNDS = 1000;
    private static final String SOURCE = "hook stdin for domain fuzz";
    private static final Pattern CANONICAL_UUID =
        Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s[\\w:]+=('[^']*'|\"[^\"]*\")");
    private static final Pattern LEAF_ELEMENT = Pattern.compile("<([\\w:]+)[^<>]*?(/>|>[^<]*</\\1>)");
    private static final String[] TOKENS = {
        "<", ">", "/>", "</", "&", "&amp;", "&xxe;", "&#0;", "&#x110000;", "]]>", "<![CDATA[", "<!--", "-->",
        "<!DOCTYPE domain>", "<?xml version='1.0'?>", "\"", "'", "=", "\u0000", "\uFFFE", "é", "\uD83D\uDE00",
        "<nova:name>", "</nova:name>", "<nova:owner>", "<nova:project uuid='x'>p</nova:project>",
        "<name>x</name>", "<uuid>", "</uuid>", "<interface>", "<interface type='bridge'>", "</interface>",
        "<devices>", "</devices>", "<metadata>", "</metadata>", "xmlns:nova='urn:x'", "xmlns=''",
        "<qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:arg value='-s'/>",
        "<xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='/etc/passwd' parse='text'/>",
    };

    private final DomainXmlParser parser = new DomainXmlParser();

    @Test
    void mutationsOfTheNovaFixtureNeverThrowAnythingButDomainXmlException() {
        byte[] original = DomainDescriptionFixtures.bytes(DomainDescriptionFixtures.NOVA);
        Random random = new Random(SEED);
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] doc = original;
            int mutations = 1 + random.nextInt(3);
            StringBuilder applied = new StringBuilder();
            for (int m = 0; m < mutations; m++) {
                int kind = random.nextInt(9);
                applied.append(kind).append(' ');
                doc = mutate(doc, kind, random);
            }
            try {
                DomainDescription d = parser.parse(doc, SOURCE);
                checkWellFormed(d);
                accepted++;
            } catch (DomainXmlException e) {
                assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
                assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
                refused++;
            } catch (RuntimeException | Error e) {
                fail("round " + round + " (seed " + SEED + ", mutations " + applied + ") threw " + e
                    + "\n--- document ---\n" + new String(doc, StandardCharsets.UTF_8), e);
            }
        }
        assertEquals(ROUNDS, accepted + refused);
        assertTrue(accepted > ROUNDS / 20, "the mutations leave some documents valid: " + accepted);
        assertTrue(refused > ROUNDS / 5, "and break many: " + refused);
    }

    /** Truncation alone, at every 29th offset: always a refusal, never a partial description. */
    @Test
    void everyTruncationIsRefused() {
        byte[] original = DomainDescriptionFixtures.bytes(DomainDescriptionFixtures.NOVA);
        int end = new String(original, StandardCharsets.UTF_8).lastIndexOf("</domain>");
        for (int cut = 0; cut < end; cut += 29) {
            byte[] doc = Arrays.copyOf(original, cut);
            try {
                parser.parse(doc, SOURCE);
                fail("a document cut at byte " + cut + " was accepted");
            } catch (DomainXmlException e) {
                assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
            }
        }
    }

    private static void checkWellFormed(DomainDescription d) {
        assertFalse(d.name().isBlank());
        assertTrue(CANONICAL_UUID.matcher(d.uuid()).matches(), d.uuid());
        assertFalse(d.type().isBlank());
        assertNotNull(d.interfaces());
        d.interfaces().forEach(i -> assertFalse(i.type().isBlank()));
        d.nova().ifPresent(n -> n.ports().forEach(p -> assertFalse(p.uuid().isBlank())));
    }

    private static byte[] mutate(byte[] doc, int kind, Random random) {
        int n = doc.length;
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (kind) {
            case 0: // truncate
                return Arrays.copyOf(doc, at);
            case 1: { // flip bytes
                byte[] out = doc.clone();
                for (int i = 0, k = 1 + random.nextInt(4); i < k && n > 0; i++) {
                    out[random.nextInt(n)] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 2: { // delete a range
                int len = Math.min(n - at, random.nextInt(200));
                return concat(Arrays.copyOfRange(doc, 0, at), Arrays.copyOfRange(doc, at + len, n));
            }
            case 3: { // duplicate a range
                int len = Math.min(n - at, random.nextInt(300));
                byte[] range = Arrays.copyOfRange(doc, at, at + len);
                return concat(Arrays.copyOfRange(doc, 0, at + len), range, Arrays.copyOfRange(doc, at + len, n));
            }
            case 4: { // insert a token
                byte[] token = TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                return concat(Arrays.copyOfRange(doc, 0, at), token, Arrays.copyOfRange(doc, at, n));
            }
            case 5: { // rename an element or attribute: replace one word
                String s = new String(doc, StandardCharsets.UTF_8);
                String[] words = {"nova:", "name", "uuid", "type", "interface", "metadata", "owner", "project",
                    "devices", "domain", "source", "mac", "flavor", "port"};
                String from = words[random.nextInt(words.length)];
                String to = words[random.nextInt(words.length)];
                int idx = s.indexOf(from, random.nextInt(Math.max(1, s.length())));
                return idx < 0 ? doc
                    : (s.substring(0, idx) + to + s.substring(idx + from.length())).getBytes(StandardCharsets.UTF_8);
            }
            case 7: // drop one attribute, name and value
                return dropMatch(doc, ATTRIBUTE, random);
            case 8: // drop one leaf element (self-closing or text only)
                return dropMatch(doc, LEAF_ELEMENT, random);
            default: { // empty one attribute value or text between quotes / tags
                String s = new String(doc, StandardCharsets.UTF_8);
                int open = s.indexOf(random.nextBoolean() ? '"' : '>', random.nextInt(Math.max(1, s.length())));
                if (open < 0) {
                    return doc;
                }
                char close = s.charAt(open) == '"' ? '"' : '<';
                int end = s.indexOf(close, open + 1);
                return end < 0 ? doc : (s.substring(0, open + 1) + s.substring(end)).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static byte[] dropMatch(byte[] doc, Pattern pattern, Random random) {
        String s = new String(doc, StandardCharsets.UTF_8);
        List<int[]> spans = new ArrayList<>();
        Matcher m = pattern.matcher(s);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return doc;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return (s.substring(0, span[0]) + s.substring(span[1])).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
