package org.vmpbd.daemon.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the text exposition format 0.0.4, for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE} or a sample of a declared metric; label values are unescaped;
 * anything else fails with the line number.
 */
final class ExpositionParser {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A parsed scrape. */
    record Scrape(Map<String, String> help, Map<String, String> types, List<Sample> samples) {
        /** The value of the one sample named {@code name} with exactly these labels (name, value, ...). */
        double value(String name, String... labels) {
            Map<String, String> want = labelMap(labels);
            List<Sample> hits = samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(want)).toList();
            if (hits.size() != 1) {
                throw new AssertionError(hits.size() + " samples " + name + want + " in the scrape; samples named "
                    + name + ": " + samples(name));
            }
            return hits.get(0).value;
        }

        boolean has(String name, String... labels) {
            Map<String, String> want = labelMap(labels);
            return samples.stream().anyMatch(s -> s.name.equals(name) && s.labels.equals(want));
        }

        List<Sample> samples(String name) {
            return samples.stream().filter(s -> s.name.equals(name)).toList();
        }

        /** Samples of any name with label {@code label} = {@code value}. */
        List<Sample> withLabel(String label, String value) {
            return samples.stream().filter(s -> value.equals(s.labels.get(label))).toList();
        }
    }

    private ExpositionParser() {
    }

    static Map<String, String> labelMap(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    static Scrape parse(String text) {
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition does not end with a line feed");
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                requireName(parts[0], no);
                if (help.put(parts[0], parts.length > 1 ? unescape(parts[1], false, no) : "") != null) {
                    throw fail(no, "second HELP for " + parts[0]);
                }
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                requireName(parts[0], no);
                if (parts.length != 2 || !TYPES.contains(parts[1])) {
                    throw fail(no, "bad TYPE line: " + line);
                }
                if (types.put(parts[0], parts[1]) != null) {
                    throw fail(no, "second TYPE for " + parts[0]);
                }
            } else if (line.startsWith("#")) {
                continue;
            } else if (!line.isEmpty()) {
                Sample s = sample(line, no);
                if (!types.containsKey(family(s.name, types))) {
                    throw fail(no, "sample " + s.name + " before its TYPE line");
                }
                samples.add(s);
            }
        }
        return new Scrape(help, types, samples);
    }

    private static String family(String sample, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static Sample sample(String line, int no) {
        Matcher m = NAME.matcher(line);
        if (!m.lookingAt()) {
            throw fail(no, "no metric name: " + line);
        }
        String name = m.group();
        int pos = m.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos++;
            while (line.charAt(pos) != '}') {
                Matcher lm = LABEL.matcher(line).region(pos, line.length());
                if (!lm.lookingAt()) {
                    throw fail(no, "bad label name at column " + (pos + 1));
                }
                String label = lm.group();
                pos = lm.end();
                if (line.charAt(pos) != '=' || line.charAt(pos + 1) != '"') {
                    throw fail(no, "expected =\" after label " + label);
                }
                pos += 2;
                StringBuilder raw = new StringBuilder();
                while (line.charAt(pos) != '"') {
                    if (line.charAt(pos) == '\\') {
                        raw.append(line.charAt(pos++));
                    }
                    raw.append(line.charAt(pos++));
                }
                pos++;
                if (labels.put(label, unescape(raw.toString(), true, no)) != null) {
                    throw fail(no, "label " + label + " twice");
                }
                if (line.charAt(pos) == ',') {
                    pos++;
                }
            }
            pos++;
        }
        if (pos >= line.length() || line.charAt(pos) != ' ') {
            throw fail(no, "expected a space before the value: " + line);
        }
        String[] rest = line.substring(pos + 1).split(" ");
        if (rest.length > 2) {
            throw fail(no, "trailing text: " + line);
        }
        return new Sample(name, labels, number(rest[0], no));
    }

    private static double number(String s, int no) {
        switch (s) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw fail(no, "not a number: " + s);
                }
        }
    }

    private static String unescape(String s, boolean labelValue, int no) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw fail(no, "dangling backslash");
            }
            char e = s.charAt(i);
            if (e == '\\') {
                out.append('\\');
            } else if (e == 'n') {
                out.append('\n');
            } else if (e == '"' && labelValue) {
                out.append('"');
            } else {
                throw fail(no, "bad escape \\" + e);
            }
        }
        return out.toString();
    }

    private static void requireName(String name, int no) {
        if (!NAME.matcher(name).matches()) {
            throw fail(no, "bad metric name " + name);
        }
    }

    private static IllegalArgumentException fail(int line, String message) {
        return new IllegalArgumentException("exposition line " + line + ": " + message);
    }
}
