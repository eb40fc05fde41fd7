package org.vmpbd.detect.abi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the text resources bundled next to this class: {@code .tbl} tables and mapping lists. */
final class AbiTables {
    private AbiTables() {
    }

    /** Non-comment, non-blank lines of a bundled resource, each paired with its 1-based line number. */
    static List<NumberedLine> resourceLines(String resource) {
        InputStream in = AbiTables.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("built-in ABI resource missing from the classpath: " + resource);
        }
        List<NumberedLine> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    lines.add(new NumberedLine(number, trimmed));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in ABI resource " + resource, e);
        }
        return lines;
    }

    /**
     * Parses a {@code .tbl} resource: lines {@code nr name}, numbers consecutive from 0.
     *
     * @return names indexed by number (without the unmapped slot)
     */
    static List<String> parseTable(String resource) {
        List<String> names = new ArrayList<>();
        for (NumberedLine line : resourceLines(resource)) {
            String[] fields = line.text().split("\\s+");
            if (fields.length != 2 || !fields[0].equals(Integer.toString(names.size()))) {
                throw new IllegalStateException(resource + ":" + line.number() + ": expected '" + names.size()
                    + " <name>', found '" + line.text() + "'");
            }
            names.add(fields[1]);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException(resource + ": empty ABI table");
        }
        return names;
    }

    /** One meaningful line of a resource. */
    record NumberedLine(int number, String text) {
    }
}
