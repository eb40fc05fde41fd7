package org.vmpbd.eval;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders a {@link ReportDocument} as a standalone HTML page (images by relative path). */
public final class HtmlRenderer {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)");

    private HtmlRenderer() {
    }

    public static String render(ReportDocument doc) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(escape(doc.title())).append("</title>\n<style>\n")
            .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.4}\n")
            .append("table{border-collapse:collapse;margin:1em 0;font-size:0.92em}\n")
            .append("th,td{border:1px solid #bbb;padding:0.25em 0.5em;text-align:left;vertical-align:top}\n")
            .append("th{background:#eee}\nimg{max-width:100%;border:1px solid #ddd}\n")
            .append("code,pre{background:#f4f4f4;font-size:0.92em}\npre{padding:0.6em;overflow-x:auto}\n")
            .append("</style>\n</head>\n<body>\n<h1>").append(inline(doc.title())).append("</h1>\n");
        for (ReportDocument.Block b : doc.blocks()) {
            if (b instanceof ReportDocument.Heading h) {
                int level = Math.min(6, h.level() + 1);
                sb.append("<h").append(level).append('>').append(inline(h.text())).append("</h").append(level)
                    .append(">\n");
            } else if (b instanceof ReportDocument.Paragraph p) {
                sb.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (b instanceof ReportDocument.Table t) {
                table(sb, t);
            } else if (b instanceof ReportDocument.Image i) {
                sb.append("<p><img src=\"").append(escape(i.path())).append("\" alt=\"").append(escape(i.alt()))
                    .append("\"></p>\n");
            } else if (b instanceof ReportDocument.Bullets l) {
                sb.append("<ul>\n");
                for (String item : l.items()) {
                    sb.append("<li>").append(inline(item)).append("</li>\n");
                }
                sb.append("</ul>\n");
            } else if (b instanceof ReportDocument.Code c) {
                sb.append("<pre><code>").append(escape(c.text())).append("</code></pre>\n");
            }
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, ReportDocument.Table t) {
        sb.append("<table>\n<thead><tr>");
        for (String h : t.header()) {
            sb.append("<th>").append(inline(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : t.rows()) {
            sb.append("<tr>");
            for (String c : r) {
                sb.append("<td>").append(inline(c)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /** Escapes, then renders {@code `code`}, {@code **bold**} and {@code [text](href)}. */
    static String inline(String text) {
        String s = escape(text);
        s = replace(CODE, s, m -> "<code>" + m.group(1) + "</code>");
        s = replace(BOLD, s, m -> "<strong>" + m.group(1) + "</strong>");
        s = replace(LINK, s, m -> "<a href=\"" + m.group(2) + "\">" + m.group(1) + "</a>");
        return s;
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
