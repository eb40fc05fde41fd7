package org.vmpbd.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file replacement: the content goes to a temp file in the target's directory
 * ({@code .<name>.tmp-<random>}), is forced to disk, atomically moved over the target, and the
 * directory is forced so the rename itself survives a crash. A crash before the move leaves the old
 * target intact plus a stray temp file, which readers ignore and the next writer of the directory
 * removes (under the key's lock).
 */
class AtomicFiles {
    private static final String TEMP_MARK = ".tmp-";

    /** Writes what {@code content} puts into the stream as {@code target}, atomically. */
    void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + TEMP_MARK
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            move(tmp, target);
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    void write(Path target, byte[] data) throws IOException {
        write(target, out -> out.write(data));
    }

    /** The atomic rename (a seam for tests that simulate a crash). */
    void move(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes a directory entry change (create, rename) durable. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Whether {@code file} is a temp file of an unfinished (or crashed) write. */
    static boolean isTemp(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.contains(TEMP_MARK);
    }

    /** Removes the temp files a crashed writer left in {@code dir}; only call under the directory's writer lock. */
    static List<Path> removeStrays(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> isTemp(p) && Files.isRegularFile(p))) {
            for (Path p : files) {
                Files.deleteIfExists(p);
                removed.add(p);
            }
        }
        return removed;
    }

    /** Reads a whole small file. */
    static byte[] read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException(file + ": too large (" + size + " bytes)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // keep reading
            }
            return buf.hasRemaining() ? java.util.Arrays.copyOf(buf.array(), buf.position()) : buf.array();
        }
    }

    /** What to write. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
