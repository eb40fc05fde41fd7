package org.vmpbd.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;

/**
 * Model files: versioned and self-describing. Layout: magic {@code VMPBDMDL}, format version (int),
 * a JSON header (int length + UTF-8) naming the ABI, M, IDF variant, syscall filter, training digest
 * and counts; then the payload (IDF and frequency tables, CSR {@code rowptr} and {@code colidx});
 * last a CRC-32 over everything before it. Anything corrupt, truncated, of another version or
 * inconsistent with its header is refused with a {@link ModelFormatException} naming the file.
 */
public final class ModelCodec {
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "VMPBDMDL".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 1 << 20;

    private final ObjectMapper json = new ObjectMapper();

    /** Writes atomically (temp file, then move). */
    public void write(DetectionModel model, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(encode(model));
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public byte[] encode(DetectionModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(FORMAT_VERSION);
        byte[] header = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(header(model));
        out.writeInt(header.length);
        out.write(header);
        SyscallWeights w = model.weights();
        double[] idf = w.idfTable();
        double[] fre = w.frequencyTable();
        out.writeInt(idf.length);
        for (double v : idf) {
            out.writeDouble(v);
        }
        for (double v : fre) {
            out.writeDouble(v);
        }
        int[] rowptr = model.library().rowptr();
        int[] colidx = model.library().colidx();
        out.writeInt(rowptr.length);
        for (int v : rowptr) {
            out.writeInt(v);
        }
        out.writeInt(colidx.length);
        for (int v : colidx) {
            out.writeInt(v);
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    private ObjectNode header(DetectionModel model) {
        ObjectNode h = json.createObjectNode();
        h.put("format", "vmpbd-model");
        h.put("formatVersion", FORMAT_VERSION);
        h.put("abi", model.abi().name());
        h.put("n", model.abi().size());
        h.put("m", model.m());
        h.put("idf", model.weights().variant().name().toLowerCase(java.util.Locale.ROOT));
        if (model.filter().isPresent()) {
            var arr = h.putArray("filter");
            for (int s : model.filter().get().calls()) {
                arr.add(s);
            }
        } else {
            h.putNull("filter");
        }
        TrainingSummary t = model.training();
        ObjectNode tr = h.putObject("training");
        tr.put("digest", t.digest());
        tr.put("processes", t.processes());
        tr.put("calls", t.calls());
        tr.put("windows", t.windows());
        tr.put("label", t.label());
        h.put("libraryWindows", model.library().rows());
        return h;
    }

    public DetectionModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": no such model file");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Reads only the JSON header (for {@code vmpbd model info}). */
    public JsonNode readHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return header(new DataInputStream(in), file.toString());
        } catch (EOFException e) {
            throw new ModelFormatException(file + ": truncated model file (ends inside the header)", e);
        }
    }

    public DetectionModel decode(byte[] data, String name) throws IOException {
        int prefix = Math.min(data.length, MAGIC.length);
        if (!java.util.Arrays.equals(data, 0, prefix, MAGIC, 0, prefix)) {
            throw new ModelFormatException(name + ": not a vmpbd model file (bad magic)");
        }
        if (data.length < MAGIC.length + 4 + 8) {
            throw new ModelFormatException(name + ": truncated model file (" + data.length + " bytes)");
        }
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
        try {
            JsonNode h = header(in, name);
            CRC32 crc = new CRC32();
            crc.update(data, 0, data.length - 8);
            long stored = ByteBuffer.wrap(data, data.length - 8, 8).getLong();
            if (stored != crc.getValue()) {
                throw new ModelFormatException(name + ": checksum mismatch: the model file is corrupt or truncated");
            }
            Abi abi = abiOf(h, name);
            int m = field(h, "m", name).asInt();
            IdfVariant idf = idfOf(h, name);
            int n = in.readInt();
            if (n != abi.size()) {
                throw new ModelFormatException(name + ": payload has " + n + " weights but ABI " + abi.name()
                    + " has " + abi.size() + " calls");
            }
            double[] idfTable = new double[n];
            double[] fre = new double[n];
            for (int i = 0; i < n; i++) {
                idfTable[i] = in.readDouble();
            }
            for (int i = 0; i < n; i++) {
                fre[i] = in.readDouble();
            }
            int[] rowptr = readInts(in, name, "rowptr", data.length);
            int[] colidx = readInts(in, name, "colidx", data.length);
            SyscallWeights weights = new SyscallWeights(idf, idfTable, fre);
            WindowLibrary library;
            try {
                library = new WindowLibrary(m, n, rowptr, colidx, weights);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(name + ": inconsistent library: " + e.getMessage(), e);
            }
            int expectRows = field(h, "libraryWindows", name).asInt();
            if (library.rows() != expectRows) {
                throw new ModelFormatException(name + ": header says " + expectRows + " library windows, payload has "
                    + library.rows());
            }
            SyscallFilter filter = null;
            JsonNode f = h.get("filter");
            if (f != null && f.isArray()) {
                int[] calls = new int[f.size()];
                for (int i = 0; i < calls.length; i++) {
                    calls[i] = f.get(i).asInt();
                }
                filter = new SyscallFilter(abi, calls);
            }
            JsonNode t = field(h, "training", name);
            TrainingSummary training = new TrainingSummary(t.path("digest").asText(), t.path("processes").asInt(),
                t.path("calls").asLong(), t.path("windows").asLong(), t.path("label").asText(""));
            return new DetectionModel(abi, m, weights, library, filter, training);
        } catch (EOFException e) {
            throw new ModelFormatException(name + ": truncated model file", e);
        }
    }

    private JsonNode header(DataInputStream in, String name) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new ModelFormatException(name + ": not a vmpbd model file (bad magic)");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException(name + ": model format version " + version + " is not supported (this vmpbd reads "
                + FORMAT_VERSION + "); retrain with this version");
        }
        int len = in.readInt();
        if (len <= 0 || len > MAX_HEADER) {
            throw new ModelFormatException(name + ": header length " + len + " is out of range");
        }
        byte[] header = new byte[len];
        in.readFully(header);
        try {
            return json.readTree(header);
        } catch (IOException e) {
            throw new ModelFormatException(name + ": unreadable model header: " + e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode h, String key, String name) {
        JsonNode v = h.get(key);
        if (v == null || v.isNull()) {
            throw new ModelFormatException(name + ": model header lacks '" + key + "'");
        }
        return v;
    }

    private static Abi abiOf(JsonNode h, String name) {
        String abi = field(h, "abi", name).asText();
        try {
            return Abis.byName(abi);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": unknown ABI '" + abi + "' in model header", e);
        }
    }

    private static IdfVariant idfOf(JsonNode h, String name) {
        String v = field(h, "idf", name).asText();
        try {
            return IdfVariant.valueOf(v.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": unknown IDF variant '" + v + "' in model header", e);
        }
    }

    private static int[] readInts(DataInputStream in, String name, String what, int fileLength) throws IOException {
        int len = in.readInt();
        if (len < 0 || (long) len * 4 > fileLength) {
            throw new ModelFormatException(name + ": " + what + " length " + len + " does not fit the file");
        }
        int[] out = new int[len];
        for (int i = 0; i < len; i++) {
            out[i] = in.readInt();
        }
        return out;
    }
}
