package org.vmpbd.detect.trace;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Finds the trace files under a path and reads them line by line, gzip or plain. */
final class TraceFiles {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private TraceFiles() {
    }

    /** Receives the lines of one file; line numbers are 1-based. */
    @FunctionalInterface
    interface LineHandler {
        void line(long number, String text);
    }

    /**
     * The files to read and the directory entries skipped.
     *
     * @param root  the path given to the reader (a file or a directory)
     * @param files files to read, sorted by name (by relative path when recursive)
     * @param skipped entries not read
     */
    record Listing(Path root, List<Path> files, List<Path> skipped) {
        /** Trace id part for {@code file}: its path relative to a directory root, '/'-separated. */
        String relativeName(Path file) {
            Path rel = file.equals(root) ? file.getFileName() : root.relativize(file);
            return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
        }
    }

    /** README*, calls.txt* (UNM name lists) and hidden files are never traces. */
    static boolean isSkippedName(String name) {
        return name.startsWith("README") || name.contains("calls.txt") || name.startsWith(".");
    }

    /**
     * Lists {@code path}: a regular file is read as given; a directory yields its regular files
     * (recursively if asked) minus {@link #isSkippedName skipped names}.
     *
     * @throws NoSuchFileException if {@code path} does not exist
     * @throws TraceFormatException if a directory holds no trace file
     */
    static Listing list(Path path, boolean recursive) throws IOException {
        if (Files.isRegularFile(path)) {
            return new Listing(path, List.of(path), List.of());
        }
        if (!Files.isDirectory(path)) {
            throw new NoSuchFileException(path.toString(), null, "trace file or directory not found");
        }
        List<Path> files = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        try (Stream<Path> entries = recursive ? Files.walk(path) : Files.list(path)) {
            entries.filter(p -> !p.equals(path)).forEach(p -> {
                boolean regular = Files.isRegularFile(p);
                if (regular && !isSkippedName(p.getFileName().toString())) {
                    files.add(p);
                } else if (regular || !recursive) {
                    skipped.add(p);
                }
            });
        }
        Comparator<Path> byName = Comparator.comparing(p -> path.relativize(p).toString());
        files.sort(byName);
        skipped.sort(byName);
        if (files.isEmpty()) {
            throw new TraceFormatException(path, 0, "no trace files in directory"
                + (skipped.isEmpty() ? "" : " (" + skipped.size() + " entries skipped: README*, calls.txt*, "
                    + "hidden files" + (recursive ? "" : ", subdirectories") + ")"));
        }
        return new Listing(path, List.copyOf(files), List.copyOf(skipped));
    }

    /**
     * Feeds every line of {@code file} to {@code handler}; gzip is detected by its magic bytes.
     *
     * @return the number of lines read
     * @throws TraceFormatException for corrupt or truncated gzip data
     */
    static long forEachLine(Path file, LineHandler handler) throws IOException {
        long number = 0;
        try (BufferedReader reader = open(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                handler.line(number, line);
            }
        } catch (ZipException | EOFException e) {
            throw new TraceFormatException(file, number + 1, "corrupt or truncated gzip data: " + e.getMessage());
        }
        return number;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            boolean gzip = in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
            in.reset();
            if (gzip) {
                in = new GZIPInputStream(in, 1 << 16);
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
