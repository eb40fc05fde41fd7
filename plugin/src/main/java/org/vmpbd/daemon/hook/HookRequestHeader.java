package org.vmpbd.daemon.hook;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The header line of a hook request (without its {@code \n}):
 * {@code VMPBD-HOOK 1 <op> <subop> <name> <count>}, where the sub-operation and the domain name are
 * {@link PercentEncoding percent-encoded} and {@code count} is the number of XML bytes that follow, or
 * {@code -1} when the hook withheld an oversize XML.
 *
 * @param op         the operation
 * @param subOp      the sub-operation, decoded
 * @param domainName the domain name, decoded
 * @param xmlBytes   the body length, or {@link #OVERSIZE}
 */
record HookRequestHeader(HookOp op, String subOp, String domainName, int xmlBytes) {
    /** The first two fields of every request. */
    public static final String MAGIC = "VMPBD-HOOK";
    /** The protocol version this side speaks. */
    public static final String VERSION = "1";
    /** The count of a request whose XML was withheld. */
    public static final int OVERSIZE = -1;

    private static final Pattern COUNT = Pattern.compile("-1|0|[1-9][0-9]{0,17}");

    public HookRequestHeader {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(subOp, "subOp");
        Objects.requireNonNull(domainName, "domainName");
        if (xmlBytes < OVERSIZE) {
            throw new IllegalArgumentException("xmlBytes must be -1 or a byte count, not " + xmlBytes);
        }
    }

    /** Whether the XML was withheld. */
    public boolean oversize() {
        return xmlBytes == OVERSIZE;
    }

    /** The line as sent, with its {@code \n}. */
    public String toWireLine() {
        return String.join(" ", MAGIC, VERSION, op.wireName(), PercentEncoding.encode(subOp),
            PercentEncoding.encode(domainName), Integer.toString(xmlBytes)) + "\n";
    }

    /**
     * Parses a header line.
     *
     * @param line    the line without its {@code \n} (bytes as ISO-8859-1 characters)
     * @param maxBody the largest XML byte count accepted
     */
    public static HookRequestHeader parse(String line, int maxBody) throws HookProtocolException {
        String[] fields = line.split(" ", -1);
        if (!fields[0].equals(MAGIC)) {
            throw new HookProtocolException("not a vmpbd hook request: expected '" + MAGIC + " " + VERSION
                + " ...', got '" + WireText.shown(line, 40) + "'");
        }
        if (fields.length != 6) {
            throw new HookProtocolException("the header has " + fields.length
                + " space-separated fields, expected 6 (" + MAGIC + " " + VERSION + " op subop name count)");
        }
        if (!fields[1].equals(VERSION)) {
            throw new HookProtocolException("unsupported protocol version '" + WireText.shown(fields[1], 20)
                + "' (this server speaks " + VERSION + ")");
        }
        HookOp op = HookOp.ofWire(fields[2]).orElseThrow(() -> new HookProtocolException(
            "unknown operation '" + WireText.shown(fields[2], 40) + "' (expected prepare, started, stopped or release)"));
        String subOp = PercentEncoding.decode(fields[3], "sub-operation");
        if (subOp.isEmpty()) {
            throw new HookProtocolException("the sub-operation is empty");
        }
        String name = PercentEncoding.decode(fields[4], "domain name");
        if (name.isEmpty()) {
            throw new HookProtocolException("the domain name is empty");
        }
        String count = fields[5];
        if (!COUNT.matcher(count).matches()) {
            throw new HookProtocolException("the XML byte count '" + WireText.shown(count, 20)
                + "' is not -1 or a decimal number");
        }
        long bytes = Long.parseLong(count);
        if (bytes > maxBody) {
            throw new HookProtocolException("the XML byte count " + bytes + " exceeds the limit of " + maxBody + " bytes");
        }
        return new HookRequestHeader(op, subOp, name, (int) bytes);
    }

    /** Whether a (possibly malformed) header line announces a {@code prepare}, whose sender waits for an answer. */
    static boolean looksLikePrepare(String line) {
        return line.startsWith(MAGIC + " " + VERSION + " " + HookOp.PREPARE.wireName() + " ");
    }
}
