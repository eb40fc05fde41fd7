package org.vmpbd.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Field paths. Inside the package a field is a JSON pointer ({@code /severity/thresholds/low}); users see the dotted
 * form ({@code severity.thresholds.low}, {@code actions.high[1]}, {@code integrity.baselines["img-1.0"]}).
 */
final class Fields {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private Fields() {
    }

    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    /** The pointer's segments, unescaped. */
    static List<String> segments(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) {
            return out;
        }
        for (String s : pointer.substring(1).split("/", -1)) {
            out.add(s.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    static String parent(String pointer) {
        int i = pointer.lastIndexOf('/');
        return i <= 0 ? "" : pointer.substring(0, i);
    }

    /** The dotted form users read; array indices (all-digit segments under a list) as {@code [i]}. */
    static String display(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String s : segments(pointer)) {
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && sb.length() > 0) {
                sb.append('[').append(s).append(']');
            } else if (PLAIN.matcher(s).matches()) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(s);
            } else {
                sb.append("[\"").append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
            }
        }
        return sb.toString();
    }
}
