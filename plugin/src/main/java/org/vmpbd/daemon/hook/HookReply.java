package org.vmpbd.daemon.hook;

import java.nio.charset.StandardCharsets;

/**
 * The answer line to a {@code prepare}: {@code ALLOW\n} or {@code DENY <reason>\n}, the reason printable
 * UTF-8 of at most {@value #MAX_REASON_BYTES} bytes (control and format characters become spaces, longer
 * reasons are cut on a character boundary).
 */
final class HookReply {
    /** The longest reason sent, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 400;

    private HookReply() {
    }

    /** The wire line of {@code decision}. */
    public static byte[] encode(HookDecision decision) {
        if (decision instanceof HookDecision.Deny deny) {
            return ("DENY " + reason(deny.reason()) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        return "ALLOW\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A refusal of a request that broke the protocol. */
    static byte[] malformed(String problem) {
        return encode(HookDecision.deny("malformed request: " + problem));
    }

    /** The reason as sent: printable, trimmed, at most {@value #MAX_REASON_BYTES} UTF-8 bytes. */
    static String reason(String reason) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int cp : reason.strip().codePoints().toArray()) {
            int shown = printable(cp) ? cp : ' ';
            int size = new String(Character.toChars(shown)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_REASON_BYTES) {
                break;
            }
            out.appendCodePoint(shown);
            bytes += size;
        }
        String text = out.toString().strip();
        return text.isEmpty() ? "refused (no printable reason given)" : text;
    }

    private static boolean printable(int cp) {
        if (Character.isISOControl(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
