package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as a list of blocks, rendered to Markdown ({@link MarkdownRenderer}) and HTML
 * ({@link HtmlRenderer}) from the same content. Inline text may use {@code **bold**} and
 * {@code `code`}.
 */
public final class ReportDocument {
    /** One block of a report. */
    public sealed interface Block permits Heading, Paragraph, Table, Image, Bullets, Code {
    }

    public record Heading(int level, String text) implements Block {
    }

    public record Paragraph(String text) implements Block {
    }

    /** A table: a header row and rows of cells. */
    public record Table(List<String> header, List<List<String>> rows) implements Block {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** An image by path relative to the report. */
    public record Image(String path, String alt) implements Block {
    }

    public record Bullets(List<String> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    public record Code(String text) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public ReportDocument(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    public ReportDocument h(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    public ReportDocument p(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public ReportDocument table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(header, rows));
        return this;
    }

    public ReportDocument image(String path, String alt) {
        blocks.add(new Image(path, alt));
        return this;
    }

    public ReportDocument bullets(List<String> items) {
        blocks.add(new Bullets(items));
        return this;
    }

    public ReportDocument code(String text) {
        blocks.add(new Code(text));
        return this;
    }
}
