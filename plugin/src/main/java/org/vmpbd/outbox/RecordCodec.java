package org.vmpbd.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.zip.CRC32C;

/**
 * One record as one JSON line: {@code {"seq":..,"time":..,"kind":..,"vm":..,"body":{..},"crc":"xxxxxxxx"}}
 * plus '\n'. The CRC-32C covers every byte of the line before {@code ,"crc":}, so a torn or altered
 * line is recognised, and each line stays plain JSON (readable with jq).
 */
final class RecordCodec {
    private static final byte[] CRC_MARK = ",\"crc\":\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code ,"crc":"} + 8 hex digits + {@code "}}. */
    private static final int TRAILER = CRC_MARK.length + 8 + 2;

    private final ObjectMapper json = new ObjectMapper();

    /** The record's line, '\n' included. */
    byte[] encode(OutboxRecord r) {
        ObjectNode n = json.createObjectNode();
        n.put("seq", r.seq());
        n.put("time", r.time().toString());
        n.put("kind", r.kind());
        if (r.vm() == null) {
            n.putNull("vm");
        } else {
            n.put("vm", r.vm());
        }
        n.set("body", r.body());
        byte[] object;
        try {
            object = json.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox record " + r.seq() + ": body cannot be written as JSON: "
                + e.getOriginalMessage(), e);
        }
        int prefix = object.length - 1; // without the closing '}'
        CRC32C crc = new CRC32C();
        crc.update(object, 0, prefix);
        byte[] line = new byte[prefix + TRAILER + 1];
        System.arraycopy(object, 0, line, 0, prefix);
        System.arraycopy(CRC_MARK, 0, line, prefix, CRC_MARK.length);
        byte[] hex = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, line, prefix + CRC_MARK.length, 8);
        line[line.length - 3] = '"';
        line[line.length - 2] = '}';
        line[line.length - 1] = '\n';
        return line;
    }

    /**
     * The record of a line ('\n' excluded).
     *
     * @throws Corrupt saying what is wrong: the line is torn, its CRC does not match, or it is not a record
     */
    OutboxRecord decode(byte[] line) throws Corrupt {
        int n = line.length;
        int prefix = n - TRAILER;
        if (prefix < 1 || line[n - 1] != '}' || line[n - 2] != '"' || !startsWith(line, prefix, CRC_MARK)) {
            throw new Corrupt("no CRC at the end of the line (a torn or foreign line)");
        }
        long stored;
        try {
            stored = Long.parseLong(new String(line, prefix + CRC_MARK.length, 8, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            throw new Corrupt("the CRC is not 8 hex digits");
        }
        CRC32C crc = new CRC32C();
        crc.update(line, 0, prefix);
        if (crc.getValue() != stored) {
            throw new Corrupt(String.format("CRC mismatch (stored %08x, computed %08x)", stored, crc.getValue()));
        }
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (IOException e) {
            throw new Corrupt("not JSON although its CRC matches: " + e.getMessage());
        }
        try {
            return new OutboxRecord(field(node, "seq").asLong(), Instant.parse(text(node, "time")), text(node, "kind"),
                node.path("vm").isNull() ? null : text(node, "vm"), object(node));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new Corrupt("not a valid record: " + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] line, int at, byte[] mark) {
        for (int i = 0; i < mark.length; i++) {
            if (line[at + i] != mark[i]) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode f = node.get(name);
        if (f == null || !(name.equals("seq") ? f.canConvertToExactIntegral() && f.canConvertToLong() : f.isTextual())) {
            throw new IllegalArgumentException("field '" + name + "' missing or of the wrong type");
        }
        return f;
    }

    private static String text(JsonNode node, String name) {
        return field(node, name).asText();
    }

    private static ObjectNode object(JsonNode node) {
        JsonNode b = node.get("body");
        if (b == null || !b.isObject()) {
            throw new IllegalArgumentException("field 'body' missing or not an object");
        }
        return (ObjectNode) b;
    }

    /** A line that is not an intact record; the message says why. */
    static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message);
        }
    }
}
