package org.vmpbd.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One record per line: plain JSON, CRC'd, and any damage to the line is recognised. */
class RecordCodecTest {
    private final RecordCodec codec = new RecordCodec();

    private static ObjectNode randomBody(Random rnd) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        int fields = rnd.nextInt(5);
        for (int i = 0; i < fields; i++) {
            switch (rnd.nextInt(4)) {
                case 0 -> b.put("f" + i, rnd.nextLong());
                case 1 -> b.put("f" + i, "s\n\"\\é" + rnd.nextInt(1000));
                case 2 -> b.putArray("f" + i).add(rnd.nextDouble()).add(true);
                default -> b.putObject("f" + i).put("nested", rnd.nextInt());
            }
        }
        return b;
    }

    @Test
    void roundTripsAndEachLineIsOneJsonObject() throws Exception {
        Random rnd = new Random(42);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 300; i++) {
            OutboxRecord r = new OutboxRecord(1 + rnd.nextInt(1_000_000), Instant.ofEpochSecond(rnd.nextInt(), rnd.nextInt(
                1_000_000_000)), rnd.nextBoolean() ? "verdict" : "consumer-failure", rnd.nextBoolean() ? null : "vm-" + i,
                randomBody(rnd));
            byte[] line = codec.encode(r);
            assertEquals('\n', line[line.length - 1]);
            byte[] bare = Arrays.copyOf(line, line.length - 1);
            assertTrue(new String(bare, StandardCharsets.UTF_8).indexOf('\n') < 0, "one line");
            assertEquals(r, codec.decode(bare));
            JsonNode parsed = json.readTree(bare);
            assertEquals(r.seq(), parsed.get("seq").asLong());
            assertEquals(8, parsed.get("crc").asText().length());
        }
    }

    @Test
    void everySingleByteChangeIsRecognised() {
        OutboxRecord r = new OutboxRecord(7, Instant.parse("2024-05-01T10:00:00Z"), "alarm", "web1",
            JsonNodeFactory.instance.objectNode().put("pid", 4242).put("comm", "sshd"));
        byte[] line = codec.encode(r);
        byte[] bare = Arrays.copyOf(line, line.length - 1);
        Random rnd = new Random(7);
        for (int i = 0; i < bare.length; i++) {
            byte[] bad = bare.clone();
            bad[i] = (byte) (bad[i] ^ (1 + rnd.nextInt(255)));
            assertThrows(RecordCodec.Corrupt.class, () -> codec.decode(bad), "byte " + i);
        }
        for (int cut = 0; cut < bare.length; cut++) {
            byte[] torn = Arrays.copyOf(bare, cut);
            assertThrows(RecordCodec.Corrupt.class, () -> codec.decode(torn), "cut at " + cut);
        }
        assertArrayEquals(line, codec.encode(r), "encoding is deterministic");
    }

    @Test
    void crcMismatchSaysSo() {
        byte[] line = codec.encode(new OutboxRecord(1, Instant.EPOCH, "verdict", "a", JsonNodeFactory.instance.objectNode()
            .put("x", 1)));
        byte[] bare = Arrays.copyOf(line, line.length - 1);
        int x = new String(bare, StandardCharsets.UTF_8).indexOf("\"x\":1") + 4;
        bare[x] = '2';
        RecordCodec.Corrupt e = assertThrows(RecordCodec.Corrupt.class, () -> codec.decode(bare));
        assertTrue(e.getMessage().startsWith("CRC mismatch (stored "), e.getMessage());
    }
}
