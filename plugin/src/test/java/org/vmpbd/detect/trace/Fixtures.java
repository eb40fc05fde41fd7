package org.vmpbd.detect.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Fixture writing and assertions shared by the reader tests. */
final class Fixtures {
    private Fixtures() {
    }

    static Path plain(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    static Path gzip(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /**
     * Asserts that {@code action} fails with a {@link TraceFormatException} for {@code file} at
     * {@code line} whose message names both and contains {@code fragment}.
     */
    static TraceFormatException assertBad(Executable action, Path file, long line, String fragment) {
        TraceFormatException e = assertThrows(TraceFormatException.class, action);
        String message = e.getMessage();
        assertEquals(file, e.file(), message);
        assertEquals(line, e.line(), message);
        assertTrue(message.contains(file.getFileName().toString()), message);
        if (line > 0) {
            assertTrue(message.contains(file.getFileName() + ":" + line + ": "), message);
        }
        assertTrue(message.contains(fragment), message);
        assertFalse(message.contains("NumberFormatException") || message.contains("For input string"), message);
        return e;
    }
}
