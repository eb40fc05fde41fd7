package org.vmpbd.daemon.hook;

/** Text from the wire made safe to show in a log line or a reply: control characters escaped or replaced, length capped. */
final class WireText {
    private WireText() {
    }

    /** {@code text} with control characters as {@code \xNN}, cut to {@code max} characters (marked with "..."). */
    static String shown(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\x%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > max ? out + "..." : out.toString();
    }
}
