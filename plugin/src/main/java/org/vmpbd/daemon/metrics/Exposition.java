package org.vmpbd.daemon.metrics;

import java.math.BigDecimal;
import java.util.List;

/** Text exposition format 0.0.4: escaping and number formatting. */
final class Exposition {
    /** The media type of a scrape. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private Exposition() {
    }

    /** Escapes a label value: backslash, double quote and line feed. */
    static String escapeLabelValue(String value) {
        return escape(value, true);
    }

    /** Escapes a {@code # HELP} text: backslash and line feed. */
    static String escapeHelp(String help) {
        return escape(help, false);
    }

    private static String escape(String s, boolean quotes) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '"' -> quotes ? "\\\"" : null;
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /** A sample value: integers without a fraction, {@code +Inf}, {@code -Inf}, {@code NaN}. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A bucket bound as a plain decimal ({@code 0.0000025}, {@code 10}), or {@code +Inf}. */
    static String formatBound(double bound) {
        if (Double.isInfinite(bound)) {
            return "+Inf";
        }
        return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    /**
     * Appends {@code {a="x",b="y"}} (nothing when there are no labels), with an optional extra
     * label (a histogram's {@code le}) last.
     */
    static void appendLabels(StringBuilder out, List<String> names, List<String> values,
                             String extraName, String extraValue) {
        if (names.isEmpty() && extraName == null) {
            return;
        }
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(names.get(i)).append("=\"").append(escapeLabelValue(values.get(i))).append('"');
        }
        if (extraName != null) {
            if (!names.isEmpty()) {
                out.append(',');
            }
            out.append(extraName).append("=\"").append(extraValue).append('"');
        }
        out.append('}');
    }
}
