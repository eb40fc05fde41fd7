package org.vmpbd.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Outbox} in a directory: JSON Lines segment files named by their first seq
 * ({@code outbox-00000000000000000001.jsonl}), one record per line with a CRC-32C, a new segment
 * once the current one would grow past the segment size. Appends are serialised, written and
 * forced ({@code fdatasync}) before they return; a new segment's directory entry is forced too.
 *
 * <p>Opening reads every segment through. The newest segment may end in a torn tail (the remains of
 * an append that never returned): it is truncated away and reported ({@link #tornTail()}, and a
 * warning in the log). Damage anywhere else, or a gap in the seqs, is an {@link OutboxException}
 * naming the file and line: acknowledged records are never skipped silently. One process at a time
 * may open a directory for writing ({@code outbox.lock}); {@link #openReadOnly} reads beside it.
 */
public final class FileOutbox implements Outbox, Closeable {
    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    /** The longest line (record) the outbox writes or reads. */
    static final int MAX_RECORD_BYTES = 16 << 20;
    private static final String LOCK_FILE = "outbox.lock";
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class);

    private final Path dir;
    private final long segmentBytes;
    private final Clock clock;
    private final boolean writable;
    private final RecordCodec codec;
    private final SegmentReader reader;
    private final TornTail tornTail;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Oldest first; the last one is the active segment. Guarded by lock. */
    private final List<Segment> segments;
    private final FileChannel lockChannel;
    private FileChannel active;
    private IOException broken;
    private boolean closed;
    private volatile long lastSeq;

    private FileOutbox(Path dir, long segmentBytes, Clock clock, boolean writable, RecordCodec codec,
        List<Segment> segments, TornTail tornTail, FileChannel lockChannel, FileChannel active) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        this.writable = writable;
        this.codec = codec;
        this.reader = new SegmentReader(codec, MAX_RECORD_BYTES);
        this.segments = segments;
        this.tornTail = tornTail;
        this.lockChannel = lockChannel;
        this.active = active;
        this.lastSeq = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastSeq();
    }

    /**
     * Opens (creating if need be) the outbox in {@code dir} for appending, recovering a torn tail.
     *
     * @param segmentBytes the size past which a new segment is started ({@link #DEFAULT_SEGMENT_BYTES})
     * @param clock        the time stamped on records
     * @throws OutboxException when the outbox is damaged beyond a torn tail, or open in another process
     */
    public static FileOutbox open(Path dir, long segmentBytes, Clock clock) throws IOException {
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("outbox segment size must be >= 1 byte, got " + segmentBytes);
        }
        Files.createDirectories(dir);
        FileChannel lockChannel = lock(dir);
        try {
            RecordCodec codec = new RecordCodec();
            List<Segment> segments = new ArrayList<>();
            TornTail tail = scan(dir, codec, segments);
            if (tail != null) {
                try (FileChannel ch = FileChannel.open(tail.segment(), StandardOpenOption.WRITE)) {
                    ch.truncate(tail.offset());
                    ch.force(true);
                }
                LOG.warn("outbox {}: dropped a torn tail of {} bytes at {}:{} ({}): an append that never returned",
                    dir, tail.bytes(), tail.segment().getFileName(), tail.line(), tail.reason());
            }
            if (segments.isEmpty()) {
                segments.add(create(dir, 1));
            }
            Segment last = segments.get(segments.size() - 1);
            FileChannel active = FileChannel.open(last.path, StandardOpenOption.WRITE);
            return new FileOutbox(dir, segmentBytes, clock, true, codec, segments, tail, lockChannel, active);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    /**
     * Opens the outbox in {@code dir} for reading only, beside a writer if there is one: nothing on
     * disk is changed; a torn tail (or an append in progress) is left out and reported.
     */
    public static FileOutbox openReadOnly(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        RecordCodec codec = new RecordCodec();
        List<Segment> segments = new ArrayList<>();
        TornTail tail = scan(dir, codec, segments);
        return new FileOutbox(dir, DEFAULT_SEGMENT_BYTES, Clock.systemUTC(), false, codec, segments, tail, null, null);
    }

    private static FileChannel lock(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                throw new OutboxException(dir + ": the outbox is open in another process (" + LOCK_FILE + " is locked)");
            }
            return ch;
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new OutboxException(dir + ": the outbox is already open in this process", e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads every segment through into {@code into}; the newest one's torn tail, or null. */
    private static TornTail scan(Path dir, RecordCodec codec, List<Segment> into) throws IOException {
        List<SegmentFiles.Named> files = SegmentFiles.list(dir);
        SegmentScanner scanner = new SegmentScanner(codec, MAX_RECORD_BYTES);
        TornTail tail = null;
        for (int i = 0; i < files.size(); i++) {
            SegmentFiles.Named f = files.get(i);
            if (!into.isEmpty()) {
                Segment prev = into.get(into.size() - 1);
                if (prev.lastSeq() + 1 != f.firstSeq()) {
                    throw new OutboxException(f.path() + ": starts at seq " + f.firstSeq() + " but "
                        + prev.path.getFileName() + " ends at " + prev.lastSeq() + " (records are missing or a file "
                        + "does not belong here)");
                }
            }
            SegmentScanner.Scan s = scanner.scan(f.path(), f.firstSeq(), i == files.size() - 1);
            into.add(s.segment());
            tail = s.tail();
        }
        return tail;
    }

    private static Segment create(Path dir, long firstSeq) throws IOException {
        Path p = dir.resolve(SegmentFiles.name(firstSeq));
        Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        SegmentFiles.forceDirectory(dir);
        return new Segment(p, firstSeq);
    }

    @Override
    public long append(String kind, String vm, ObjectNode body) throws IOException {
        return appendAll(List.of(new Entry(kind, vm, body)));
    }

    @Override
    public long appendAll(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("outbox appendAll: no entries");
        }
        long last;
        lock.lock();
        try {
            checkWritable();
            Instant now = clock.instant();
            List<byte[]> lines = new ArrayList<>(entries.size());
            long seq = lastSeq;
            for (Entry e : entries) {
                byte[] line = codec.encode(new OutboxRecord(++seq, now, e.kind(), e.vm(), e.body()));
                if (line.length > MAX_RECORD_BYTES) {
                    throw new IllegalArgumentException("outbox record (kind " + e.kind() + ", vm " + e.vm() + ") is "
                        + line.length + " bytes, more than the " + MAX_RECORD_BYTES + " a record may have");
                }
                lines.add(line);
            }
            try {
                write(lines, lastSeq + 1, now);
            } catch (IOException | RuntimeException e) {
                broken = e instanceof IOException io ? io : new IOException(e);
                throw e;
            }
            last = seq;
            lastSeq = seq;
        } finally {
            lock.unlock();
        }
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("outbox {}: an append listener failed", dir, e);
            }
        }
        return last;
    }

    /** Writes {@code lines} (records from {@code firstSeq} on), starting new segments as needed; caller holds lock. */
    private void write(List<byte[]> lines, long firstSeq, Instant time) throws IOException {
        Segment seg = segments.get(segments.size() - 1);
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        long seq = firstSeq;
        for (byte[] line : lines) {
            long size = seg.length() + pending.size();
            if (size > 0 && size + line.length > segmentBytes) {
                flush(seg, pending, sizes, seq - sizes.size(), time);
                active.close();
                seg = create(dir, seq);
                segments.add(seg);
                active = FileChannel.open(seg.path, StandardOpenOption.WRITE);
            }
            pending.write(line, 0, line.length);
            sizes.add(line.length);
            seq++;
        }
        flush(seg, pending, sizes, seq - sizes.size(), time);
    }

    /** Writes and forces the pending lines at the end of {@code seg}, then notes them in it. */
    private void flush(Segment seg, ByteArrayOutputStream pending, List<Integer> sizes, long firstSeq, Instant time)
        throws IOException {
        if (sizes.isEmpty()) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(pending.toByteArray());
        long at = seg.length();
        while (buf.hasRemaining()) {
            at += active.write(buf, at);
        }
        active.force(false);
        long offset = seg.length();
        long seq = firstSeq;
        for (int size : sizes) {
            seg.added(seq++, offset, size, time);
            offset += size;
        }
        pending.reset();
        sizes.clear();
    }

    private void checkWritable() {
        if (closed) {
            throw new OutboxException(dir + ": the outbox is closed");
        }
        if (!writable) {
            throw new OutboxException(dir + ": the outbox is open read-only");
        }
        if (broken != null) {
            throw new OutboxException(dir + ": an earlier append failed (" + broken.getMessage()
                + "); reopen the outbox to recover", broken);
        }
    }

    @Override
    public List<OutboxRecord> read(long fromSeq, int max) throws IOException {
        if (fromSeq < 1 || max < 1) {
            throw new IllegalArgumentException("outbox read: fromSeq and max must be >= 1, got " + fromSeq + ", " + max);
        }
        List<OutboxRecord> out = new ArrayList<>(Math.min(max, 1024));
        long seq = fromSeq;
        Path vanished = null;
        while (out.size() < max) {
            SegmentReader.Range loc = locate(seq);
            if (loc == null) {
                break;
            }
            try {
                seq = reader.read(loc, seq, max, out);
            } catch (NoSuchFileException e) {
                if (loc.path().equals(vanished)) {
                    throw new OutboxException(loc.path() + ": segment file vanished (deleted by retention while it was read, or outside the outbox)", e);
                }
                vanished = loc.path(); // deleted by retention after locate: locate again
            }
        }
        return out;
    }

    /** Where to read {@code seq} (or the oldest retained record, if it is older), or null past the end. */
    private SegmentReader.Range locate(long seq) {
        lock.lock();
        try {
            if (closed) {
                throw new OutboxException(dir + ": the outbox is closed");
            }
            Segment seg = null;
            for (int i = segments.size() - 1; i >= 0; i--) {
                seg = segments.get(i);
                if (seg.firstSeq <= seq) {
                    break;
                }
            }
            if (seg == null || seg.isEmpty() || seq > seg.lastSeq()) {
                return null;
            }
            long[] at = seg.seek(Math.max(seq, seg.firstSeq));
            return new SegmentReader.Range(seg.path, seg.firstSeq, at[0], at[1], seg.length(), seg.lastSeq());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastSeq() {
        return lastSeq;
    }

    /** The seq of the oldest record still kept; {@code lastSeq() + 1} when there is none. */
    public long firstSeq() {
        lock.lock();
        try {
            for (Segment s : segments) {
                if (!s.isEmpty()) {
                    return s.firstSeq;
                }
            }
            return lastSeq + 1;
        } finally {
            lock.unlock();
        }
    }

    /** The segment files, oldest first; the last one is the one appended to. */
    public List<OutboxSegment> segments() {
        lock.lock();
        try {
            return segments.stream().map(Segment::info).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The torn tail found on open: truncated away (or, read-only, left out); empty when the outbox was intact. */
    public Optional<TornTail> tornTail() {
        return Optional.ofNullable(tornTail);
    }

    public Path directory() {
        return dir;
    }

    /**
     * Deletes the oldest segments, up to the first that must stay: one is deleted only when it is not
     * the active segment, every record in it is at or below {@code consumedThrough}, and its newest
     * record is older than {@code newestBefore}.
     *
     * @return the files deleted
     */
    List<Path> deleteSegments(long consumedThrough, Instant newestBefore) throws IOException {
        lock.lock();
        try {
            checkWritable();
            List<Path> deleted = new ArrayList<>();
            while (segments.size() > 1) {
                Segment s = segments.get(0);
                if (s.isEmpty() || s.lastSeq() > consumedThrough || !s.lastTime().isBefore(newestBefore)) {
                    break;
                }
                Files.delete(s.path);
                segments.remove(0);
                deleted.add(s.path);
            }
            if (!deleted.isEmpty()) {
                SegmentFiles.forceDirectory(dir);
            }
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void addAppendListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeAppendListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Closes the active segment and releases the directory; reads and appends fail afterwards. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (active != null) {
                active.close();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileOutbox[" + dir + "]";
    }

    /**
     * The remains of an append that never returned, found at the end of the newest segment on open.
     *
     * @param segment the file
     * @param line    the line it starts on (1-based)
     * @param offset  the byte offset it starts at (the file's length after truncation)
     * @param bytes   how many bytes it spans
     * @param reason  what is wrong with its first line
     */
    public record TornTail(Path segment, long line, long offset, long bytes, String reason) {
    }
}
