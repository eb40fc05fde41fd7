package org.vmpbd.trap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;

/**
 * Writes trapped events as vmpbd's event log, the JSON Lines that
 * {@link org.vmpbd.detect.trace.EventLogReader} reads: one call per line,
 * {@code {"vm","pid","comm","start","nr","t","abi"}} with {@code start} = the event's generation and
 * {@code t} = its time in nanoseconds. Arguments, vCPU and CR3 are not part of the format. Events
 * the reader would reject (unknown pid -1, an ABI vmpbd has no table for, a number outside the ABI)
 * are skipped and counted, so that a log is always readable. A log holding several ABIs must be
 * read per ABI (the reader wants one); recording one VM's 64-bit processes gives one.
 * Thread-safe.
 */
public final class EventLogRecorder implements AutoCloseable {
    private final JsonGenerator json;
    private long written;
    private long skipped;

    /** Records onto {@code out}, which the recorder closes. */
    public EventLogRecorder(Writer out) throws IOException {
        this.json = new JsonFactory().createGenerator(out);
        this.json.setRootValueSeparator(null);
    }

    /** Records into {@code file} (created or truncated, with its directories); gzip if it ends in {@code .gz}. */
    public static EventLogRecorder open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream raw = Files.newOutputStream(file);
        try {
            OutputStream out = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
            return new EventLogRecorder(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** @return false if the event was skipped (see the class comment) */
    public synchronized boolean record(SyscallEvent e) throws IOException {
        if (!readable(e)) {
            skipped++;
            return false;
        }
        json.writeStartObject();
        json.writeStringField("vm", e.vm());
        json.writeNumberField("pid", e.pid());
        json.writeStringField("comm", e.comm());
        json.writeNumberField("start", e.generation());
        json.writeNumberField("nr", e.nr());
        json.writeNumberField("t", e.timeNanos());
        json.writeStringField("abi", e.abi());
        json.writeEndObject();
        json.writeRaw('\n');
        written++;
        return true;
    }

    public synchronized void recordAll(List<SyscallEvent> events) throws IOException {
        for (SyscallEvent e : events) {
            record(e);
        }
    }

    public synchronized void flush() throws IOException {
        json.flush();
    }

    /** Events written. */
    public synchronized long written() {
        return written;
    }

    /** Events skipped because the reader would reject them. */
    public synchronized long skipped() {
        return skipped;
    }

    @Override
    public synchronized void close() throws IOException {
        json.close();
    }

    private static boolean readable(SyscallEvent e) {
        if (e.pid() < 0 || !Abis.names().contains(e.abi())) {
            return false;
        }
        Abi abi = Abis.byName(e.abi());
        return e.nr() >= 0 && e.nr() < abi.unmapped();
    }
}
