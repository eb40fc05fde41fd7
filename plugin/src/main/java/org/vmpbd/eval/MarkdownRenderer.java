package org.vmpbd.eval;

import java.util.List;

/** Renders a {@link ReportDocument} as GitHub-flavoured Markdown. */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    public static String render(ReportDocument doc) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(doc.title()).append("\n\n");
        for (ReportDocument.Block b : doc.blocks()) {
            if (b instanceof ReportDocument.Heading h) {
                sb.append("#".repeat(h.level() + 1)).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof ReportDocument.Paragraph p) {
                sb.append(p.text()).append("\n\n");
            } else if (b instanceof ReportDocument.Table t) {
                table(sb, t);
            } else if (b instanceof ReportDocument.Image i) {
                sb.append("![").append(i.alt()).append("](").append(i.path()).append(")\n\n");
            } else if (b instanceof ReportDocument.Bullets l) {
                for (String item : l.items()) {
                    sb.append("- ").append(item).append('\n');
                }
                sb.append('\n');
            } else if (b instanceof ReportDocument.Code c) {
                sb.append("```\n").append(c.text()).append("\n```\n\n");
            }
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, ReportDocument.Table t) {
        row(sb, t.header());
        sb.append('|');
        for (int i = 0; i < t.header().size(); i++) {
            sb.append("---|");
        }
        sb.append('\n');
        for (List<String> r : t.rows()) {
            row(sb, r);
        }
        sb.append('\n');
    }

    private static void row(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        sb.append('\n');
    }
}
