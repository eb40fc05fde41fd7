package org.vmpbd.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a segment file through on open and checks every line: intact (CRC), a record, the expected
 * seq. Only the last segment may end in a torn tail (lines that are not intact records with nothing
 * intact after them: an append that never returned); anything else that is wrong is an
 * {@link OutboxException} naming the file and line.
 */
final class SegmentScanner {
    private final RecordCodec codec;
    private final int maxLine;

    SegmentScanner(RecordCodec codec, int maxLine) {
        this.codec = codec;
        this.maxLine = maxLine;
    }

    /** The segment's intact records and, for the last segment, its torn tail (null if none). */
    Scan scan(Path path, long firstSeq, boolean last) throws IOException {
        Segment segment = new Segment(path, firstSeq);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            LineReader lines = new LineReader(ch, 0, size, maxLine);
            long lineNo = 0;
            long badLine = 0;
            long badOffset = -1;
            String badReason = null;
            while (lines.next()) {
                lineNo++;
                String problem;
                OutboxRecord r = null;
                byte[] bytes = lines.line();
                if (!lines.terminated()) {
                    problem = "incomplete line (no newline at the end of the file)";
                } else if (bytes == null) {
                    problem = "line longer than " + maxLine + " bytes";
                } else {
                    try {
                        r = codec.decode(bytes);
                        problem = null;
                    } catch (RecordCodec.Corrupt e) {
                        problem = e.getMessage();
                    }
                }
                if (r == null) {
                    if (badReason == null) {
                        badLine = lineNo;
                        badOffset = lines.lineStart();
                        badReason = problem;
                    }
                    continue;
                }
                if (badReason != null) {
                    throw new OutboxException(path + ":" + badLine + ": " + badReason + ", but intact records follow "
                        + "(line " + lineNo + ", seq " + r.seq() + "): the outbox is damaged in the middle, not torn at "
                        + "the end; restore the file or move it aside");
                }
                long expected = segment.lastSeq() + 1;
                if (r.seq() != expected) {
                    throw new OutboxException(path + ":" + lineNo + ": seq " + r.seq() + " where " + expected
                        + " was expected (sequence numbers must be contiguous)");
                }
                segment.added(r.seq(), lines.lineStart(), (int) (lines.nextStart() - lines.lineStart()), r.time());
            }
            if (badReason == null) {
                return new Scan(segment, null);
            }
            if (!last) {
                throw new OutboxException(path + ":" + badLine + ": " + badReason + "; only the newest segment may end "
                    + "in a torn append");
            }
            return new Scan(segment, new FileOutbox.TornTail(path, badLine, badOffset, size - badOffset, badReason));
        }
    }

    /** A scanned segment and its torn tail, if any. */
    record Scan(Segment segment, FileOutbox.TornTail tail) {
    }
}
