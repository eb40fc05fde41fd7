package org.vmpbd.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The consumers' durable cursors: one file per consumer in {@code <outbox>/cursors/}, holding the
 * last seq that consumer has finished. A consumer is registered by asking for its cursor; retention
 * keeps every record some registered cursor has not passed. Thread-safe.
 */
public final class OutboxCursors {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path dir;
    private final Map<String, OutboxCursor> open = new HashMap<>();

    /** The cursors of the outbox in {@code outboxDir} (kept in its {@code cursors} subdirectory). */
    public OutboxCursors(Path outboxDir) {
        this.dir = outboxDir.resolve("cursors");
    }

    /**
     * The cursor of {@code consumer}, registering it at 0 (nothing finished) when it has none.
     *
     * @throws IllegalArgumentException for a name that is not 1-64 letters, digits, '.', '_' or '-'
     * @throws OutboxException when its file is damaged (naming it)
     */
    public synchronized OutboxCursor cursor(String consumer) throws IOException {
        OutboxCursor c = open.get(consumer);
        if (c != null) {
            return c;
        }
        if (consumer == null || !NAME.matcher(consumer).matches()) {
            throw new IllegalArgumentException("outbox consumer name '" + consumer + "': must be 1-64 letters, digits, "
                + "'.', '_' or '-', starting with a letter or digit");
        }
        Path file = dir.resolve(consumer);
        long position;
        if (Files.exists(file)) {
            position = read(file);
        } else {
            Files.createDirectories(dir);
            SegmentFiles.writeAtomically(file, encode(0));
            position = 0;
        }
        c = new OutboxCursor(consumer, file, position);
        open.put(consumer, c);
        return c;
    }

    /** Every registered consumer's position, by name; read from disk. */
    public Map<String, Long> positions() throws IOException {
        Map<String, Long> all = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (NAME.matcher(name).matches() && Files.isRegularFile(f)) {
                    all.put(name, read(f));
                }
            }
        }
        return all;
    }

    /** The lowest registered position (everything at or below it is finished by all); empty when none is registered. */
    public OptionalLong minimum() throws IOException {
        return positions().values().stream().mapToLong(Long::longValue).min();
    }

    static byte[] encode(long position) {
        return (position + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static long read(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            long v = Long.parseLong(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new OutboxException(file + ": not a cursor (expected a seq >= 0, found '"
            + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "')");
    }
}
