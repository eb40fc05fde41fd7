package org.vmpbd.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads the records of a range of one segment, checking each one (intact, the expected seq); a
 * damaged one is an {@link OutboxException} naming the file and line.
 */
final class SegmentReader {
    private final RecordCodec codec;
    private final int maxLine;

    SegmentReader(RecordCodec codec, int maxLine) {
        this.codec = codec;
        this.maxLine = maxLine;
    }

    /**
     * Adds the records of {@code range} from {@code fromSeq} on to {@code out}, until it holds {@code max}.
     *
     * @return the seq to go on from
     */
    long read(Range range, long fromSeq, int max, List<OutboxRecord> out) throws IOException {
        try (FileChannel ch = FileChannel.open(range.path(), StandardOpenOption.READ)) {
            LineReader lines = new LineReader(ch, range.offset(), range.end(), maxLine);
            long expect = range.startSeq();
            while (out.size() < max && expect <= range.lastSeq()) {
                String where = range.path() + ":" + (expect - range.firstSeq() + 1);
                if (!lines.next()) {
                    throw new OutboxException(where + ": the file ends before record " + expect
                        + " (it was changed outside the outbox)");
                }
                byte[] line = lines.line();
                if (!lines.terminated() || line == null) {
                    throw new OutboxException(where + ": " + (line == null ? "line too long" : "incomplete line"));
                }
                OutboxRecord r;
                try {
                    r = codec.decode(line);
                } catch (RecordCodec.Corrupt e) {
                    throw new OutboxException(where + ": " + e.getMessage());
                }
                if (r.seq() != expect) {
                    throw new OutboxException(where + ": seq " + r.seq() + " where " + expect + " was expected");
                }
                if (expect >= fromSeq) {
                    out.add(r);
                }
                expect++;
            }
            return expect;
        }
    }

    /**
     * Where to read: the segment {@code path} (whose first record is {@code firstSeq}) from record
     * {@code startSeq} at byte {@code offset}, up to record {@code lastSeq} ending at byte {@code end}.
     */
    record Range(Path path, long firstSeq, long startSeq, long offset, long end, long lastSeq) {
    }
}
