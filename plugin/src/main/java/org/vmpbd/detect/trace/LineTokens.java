package org.vmpbd.detect.trace;

/** Whitespace-separated tokens of one line, without regular expressions. */
final class LineTokens {
    private final String line;
    private int pos;

    LineTokens(String line) {
        this.line = line;
    }

    /** The next token, or {@code null} at the end of the line. */
    String next() {
        int n = line.length();
        while (pos < n && Character.isWhitespace(line.charAt(pos))) {
            pos++;
        }
        if (pos == n) {
            return null;
        }
        int start = pos;
        while (pos < n && !Character.isWhitespace(line.charAt(pos))) {
            pos++;
        }
        return line.substring(start, pos);
    }

    /** Number of tokens in {@code line}. */
    static int count(String line) {
        LineTokens tokens = new LineTokens(line);
        int count = 0;
        while (tokens.next() != null) {
            count++;
        }
        return count;
    }
}
