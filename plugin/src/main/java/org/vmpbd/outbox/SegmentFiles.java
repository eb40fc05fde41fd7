package org.vmpbd.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The outbox's file names ({@code outbox-<first seq, 20 digits>.jsonl}), listing, and crash-safe file operations. */
final class SegmentFiles {
    private static final Pattern NAME = Pattern.compile("outbox-(\\d{20})\\.jsonl");

    private SegmentFiles() {
    }

    static String name(long firstSeq) {
        return String.format("outbox-%020d.jsonl", firstSeq);
    }

    /** The segment files of {@code dir}, oldest first, each with the first seq its name carries. */
    static List<Named> list(Path dir) throws IOException {
        List<Named> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "outbox-*.jsonl")) {
            for (Path p : files) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                long first = m.matches() ? parse(m.group(1)) : 0;
                if (first < 1) {
                    throw new OutboxException(p + ": not a segment name (expected outbox-<20-digit first seq>.jsonl, "
                        + "first seq >= 1); move the file out of the outbox directory");
                }
                found.add(new Named(p, first));
            }
        }
        found.sort(Comparator.comparingLong(Named::firstSeq));
        return found;
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Makes a directory entry change (create, rename, delete) durable. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Replaces {@code target} with {@code data}: temp file, fsync, atomic rename, directory fsync. */
    static void writeAtomically(Path target, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
    }

    /** A segment file and the first seq its name says it holds. */
    record Named(Path path, long firstSeq) {
    }
}
