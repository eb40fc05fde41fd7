package org.vmpbd.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.EventLogReader;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.detect.trace.TraceFormatException;

/**
 * A key's training corpus on disk: {@code corpus/seg-NNNNNN.jsonl.gz}, each a gzip vmpbd event log
 * ({@link EventLogReader}'s format) holding whole processes. Every process gets {@code start} = its
 * ordinal in the corpus, so its id {@code vm/pid/comm/ordinal} is unique however many sessions
 * (whose generation counters restart) fed it; {@code t} is 0 (times are not kept). A segment is
 * written once, atomically, and checked against its SHA-256 in the index when read.
 */
final class CorpusFiles {
    static final String DIR = "corpus";
    private static final String PREFIX = "seg-";
    private static final String SUFFIX = ".jsonl.gz";

    private CorpusFiles() {
    }

    static String segmentName(int number) {
        return String.format("%s%06d%s", PREFIX, number, SUFFIX);
    }

    /** The process's id in the corpus, as {@link EventLogReader} will read it back. */
    static String id(LearnedProcess p, int ordinal) {
        return p.vm() + "/" + p.pid() + "/" + p.comm() + "/" + ordinal;
    }

    static ProcessTrace trace(LearnedProcess p, int ordinal, Abi abi, String source) {
        return new ProcessTrace(id(p, ordinal), abi, p.calls(), source);
    }

    /** One more than the highest segment number in {@code dir} (listed or not), so no file is ever overwritten. */
    static int nextNumber(Path dir, KeyIndex.Corpus corpus) throws IOException {
        int max = 0;
        for (KeyIndex.Segment s : corpus.segments()) {
            max = Math.max(max, number(s.file()));
        }
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
                for (Path p : files) {
                    max = Math.max(max, number(p.getFileName().toString()));
                }
            }
        }
        return max + 1;
    }

    private static int number(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return 0;
        }
        try {
            return Integer.parseInt(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Writes {@code processes} as segment {@code number}, atomically; returns its record. */
    static KeyIndex.Segment write(AtomicFiles files, Path dir, int number, int firstProcess,
                                  List<LearnedProcess> processes, Abi abi) throws IOException {
        String name = segmentName(number);
        MessageDigest sha = sha256();
        long[] bytes = {0};
        long calls = 0;
        for (LearnedProcess p : processes) {
            if (p.calls().length == 0) {
                throw new IllegalArgumentException("corpus process " + p.vm() + "/" + p.pid() + "/" + p.comm()
                    + " has no calls");
            }
            calls += p.calls().length;
        }
        files.write(dir.resolve(name), raw -> {
            OutputStream counted = new FilterOutputStream(new DigestOutputStream(raw, sha)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes[0] += len;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes[0]++;
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            GZIPOutputStream gz = new GZIPOutputStream(counted, 1 << 16);
            JsonGenerator json = new JsonFactory().createGenerator(new OutputStreamWriter(gz, StandardCharsets.UTF_8));
            json.setRootValueSeparator(null);
            int ordinal = firstProcess;
            for (LearnedProcess p : processes) {
                for (int nr : p.calls()) {
                    json.writeStartObject();
                    json.writeStringField("vm", p.vm());
                    json.writeNumberField("pid", p.pid());
                    json.writeStringField("comm", p.comm());
                    json.writeNumberField("start", ordinal);
                    json.writeNumberField("nr", nr);
                    json.writeNumberField("t", 0);
                    json.writeStringField("abi", abi.name());
                    json.writeEndObject();
                    json.writeRaw('\n');
                }
                ordinal++;
            }
            json.close(); // closes the gzip stream (ending its deflater) down to 'counted', which only flushes
        });
        return new KeyIndex.Segment(name, firstProcess, processes.size(), calls, bytes[0],
            HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * The corpus's processes in order, each segment checked against its record.
     *
     * @param limit read at most this many processes (whole segments; -1 for all)
     * @throws ModelStoreException naming the segment file if one is missing, corrupt or disagrees with the index
     */
    static List<ProcessTrace> read(Path dir, KeyIndex.Corpus corpus, int limit) throws IOException {
        List<ProcessTrace> out = new ArrayList<>(Math.max(0, corpus.processes()));
        if (corpus.segments().isEmpty()) {
            return out;
        }
        Abi abi = Abis.byName(corpus.abi());
        EventLogReader reader = new EventLogReader();
        for (KeyIndex.Segment s : corpus.segments()) {
            if (limit >= 0 && out.size() >= limit) {
                break;
            }
            Path file = dir.resolve(s.file());
            if (!Files.isRegularFile(file)) {
                throw new ModelStoreException(file + ": corpus segment is missing (the index lists it)");
            }
            String actual = HexFormat.of().formatHex(sha256().digest(AtomicFiles.read(file)));
            if (!actual.equals(s.sha256())) {
                throw new ModelStoreException(file + ": corpus segment is corrupt (SHA-256 " + actual
                    + " but the index recorded " + s.sha256() + ")");
            }
            List<ProcessTrace> traces;
            try {
                traces = reader.read(file, abi);
            } catch (TraceFormatException | java.util.zip.ZipException e) {
                throw new ModelStoreException(file + ": corpus segment is unreadable: " + e.getMessage(), e);
            }
            if (traces.size() != s.processes()) {
                throw new ModelStoreException(file + ": corpus segment holds " + traces.size()
                    + " processes but the index recorded " + s.processes());
            }
            out.addAll(traces);
        }
        return limit >= 0 && out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
