package org.vmpbd.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;

/**
 * {@code index.json}: a {@link KeyIndex} as JSON ({@code "format": "vmpbd-model-index"}, a format
 * version, then the key, versions, activation stack, corpus and history; times ISO-8601 UTC,
 * durations ISO-8601). Reading checks every field and the index's consistency and names the file
 * and the field on any fault.
 */
final class IndexCodec {
    static final String FORMAT = "vmpbd-model-index";
    static final int FORMAT_VERSION = 1;

    private final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    byte[] encode(KeyIndex index) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("image", index.key().image());
        root.put("program", index.key().program());
        if (index.active().isPresent()) {
            root.put("active", index.active().getAsInt());
        } else {
            root.putNull("active");
        }
        ArrayNode stack = root.putArray("activeStack");
        index.activeStack().forEach(stack::add);
        ArrayNode versions = root.putArray("versions");
        for (KeyIndex.Version v : index.versions()) {
            versions.add(version(v));
        }
        root.set("corpus", corpus(index.corpus()));
        ArrayNode history = root.putArray("history");
        for (KeyIndex.Event e : index.history()) {
            ObjectNode o = history.addObject();
            o.put("at", e.at().toString());
            o.put("action", e.action());
            o.put("version", e.version());
            o.put("by", e.by());
            o.put("why", e.why());
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model index", e);
        }
    }

    private ObjectNode version(KeyIndex.Version v) {
        ObjectNode o = json.createObjectNode();
        o.put("version", v.version());
        o.put("state", v.state().label());
        o.put("created", v.created().toString());
        o.put("origin", v.origin());
        o.put("file", v.file());
        o.put("sha256", v.sha256());
        o.put("bytes", v.bytes());
        if (v.training() == null) {
            o.putNull("training");
        } else {
            KeyIndex.Training t = v.training();
            ObjectNode tr = o.putObject("training");
            tr.put("abi", t.abi());
            tr.put("m", t.m());
            tr.put("idf", t.idf());
            putInts(tr, "filter", t.filter());
            tr.put("digest", t.digest());
            tr.put("processes", t.processes());
            tr.put("calls", t.calls());
            tr.put("windows", t.windows());
            tr.put("libraryWindows", t.libraryWindows());
            tr.put("corpusProcesses", t.corpusProcesses());
        }
        if (v.learning() == null) {
            o.putNull("learning");
        } else {
            KeyIndex.Learning l = v.learning();
            ObjectNode lo = o.putObject("learning");
            lo.put("started", l.started().toString());
            lo.put("by", l.by());
            lo.set("settings", settings(l.settings()));
            lo.put("firstProcess", l.firstProcess());
            lo.put("processes", l.processes());
            lo.put("batches", l.batches());
            lo.put("stableStreak", l.stableStreak());
            lo.put("windows", l.windows());
            lo.put("libraryWindows", l.libraryWindows());
            ArrayNode g = lo.putArray("growth");
            l.growth().forEach(g::add);
        }
        if (v.converged() == null) {
            o.putNull("converged");
        } else {
            o.put("converged", v.converged());
        }
        o.put("endReason", v.endReason());
        putStamp(o, "promoted", v.promoted());
        putStamp(o, "retired", v.retired());
        return o;
    }

    private ObjectNode settings(LearningSettings s) {
        ObjectNode o = json.createObjectNode();
        o.put("abi", s.abi().name());
        o.put("m", s.m());
        o.put("idf", s.idf().name().toLowerCase(java.util.Locale.ROOT));
        putInts(o, "filter", s.filter() == null ? null : java.util.Arrays.stream(s.filter().calls()).boxed().toList());
        o.put("batchProcesses", s.batchProcesses());
        o.put("growthPerThousand", s.growthPerThousand());
        o.put("stableBatches", s.stableBatches());
        o.put("timeLimit", s.timeLimit().toString());
        o.put("corpusMaxCalls", s.corpusMaxCalls());
        o.put("maxProcessCalls", s.maxProcessCalls());
        o.put("promotion", s.promotion().label());
        return o;
    }

    private ObjectNode corpus(KeyIndex.Corpus c) {
        ObjectNode o = json.createObjectNode();
        o.put("abi", c.abi());
        putInts(o, "captureFilter", c.captureFilter());
        o.put("processes", c.processes());
        o.put("calls", c.calls());
        ArrayNode segs = o.putArray("segments");
        for (KeyIndex.Segment s : c.segments()) {
            ObjectNode so = segs.addObject();
            so.put("file", s.file());
            so.put("firstProcess", s.firstProcess());
            so.put("processes", s.processes());
            so.put("calls", s.calls());
            so.put("bytes", s.bytes());
            so.put("sha256", s.sha256());
        }
        return o;
    }

    private static void putInts(ObjectNode o, String name, List<Integer> values) {
        if (values == null) {
            o.putNull(name);
        } else {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
        }
    }

    private static void putStamp(ObjectNode o, String name, KeyIndex.Stamp s) {
        if (s == null) {
            o.putNull(name);
        } else {
            ObjectNode so = o.putObject(name);
            so.put("at", s.at().toString());
            so.put("by", s.by());
            so.put("why", s.why());
        }
    }

    /**
     * @param file named in errors
     * @throws ModelStoreException if the bytes are not a consistent index (of {@code expected}, if given)
     */
    KeyIndex decode(byte[] data, Path file, ModelKey expected) {
        JsonNode root;
        try {
            root = json.readTree(data);
        } catch (IOException e) {
            throw corrupt(file, "not JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw corrupt(file, data.length == 0 ? "empty file" : "not a JSON object");
        }
        Reader r = new Reader(file);
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw corrupt(file, "not a vmpbd model index (format is not '" + FORMAT + "')");
        }
        int fv = r.integer(root, "formatVersion");
        if (fv != FORMAT_VERSION) {
            throw new ModelStoreException(file + ": model index format version " + fv + " is not supported (this vmpbd "
                + "reads " + FORMAT_VERSION + "); nothing was changed");
        }
        ModelKey key;
        try {
            key = new ModelKey(r.text(root, "image"), r.text(root, "program"));
        } catch (IllegalArgumentException e) {
            throw corrupt(file, e.getMessage());
        }
        if (expected != null && !key.equals(expected)) {
            throw corrupt(file, "it is the index of " + key + ", not of " + expected);
        }
        List<KeyIndex.Version> versions = new ArrayList<>();
        for (JsonNode v : r.array(root, "versions")) {
            versions.add(version(r, v));
        }
        List<Integer> stack = new ArrayList<>();
        for (JsonNode v : r.array(root, "activeStack")) {
            if (!v.canConvertToInt()) {
                throw corrupt(file, "activeStack holds " + v + ", not a version number");
            }
            stack.add(v.intValue());
        }
        KeyIndex.Corpus corpus = corpus(r, r.object(root, "corpus"));
        List<KeyIndex.Event> history = new ArrayList<>();
        for (JsonNode e : r.array(root, "history")) {
            history.add(new KeyIndex.Event(r.instant(e, "at"), r.text(e, "action"), r.integer(e, "version"),
                r.text(e, "by"), r.text(e, "why")));
        }
        KeyIndex index;
        try {
            index = new KeyIndex(key, versions, stack, corpus, history);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, e.getMessage());
        }
        String inconsistency = inconsistency(index);
        if (inconsistency != null) {
            throw corrupt(file, inconsistency);
        }
        JsonNode active = root.get("active");
        int recorded = active == null || active.isNull() ? -1 : active.asInt(-1);
        if (recorded != index.active().orElse(-1)) {
            throw corrupt(file, "'active' is " + active + " but the activation stack ends with "
                + (index.active().isPresent() ? index.active().getAsInt() : "nothing"));
        }
        return index;
    }

    /** What is wrong with an index, or null: the rules every stored index keeps. */
    static String inconsistency(KeyIndex index) {
        Set<Integer> seen = new HashSet<>();
        int learning = 0;
        int activeState = -1;
        for (KeyIndex.Version v : index.versions()) {
            if (!seen.add(v.version())) {
                return "version " + v.version() + " is recorded twice";
            }
            if (v.state() == ModelState.LEARNING) {
                learning++;
            }
            if (v.state() == ModelState.ACTIVE) {
                if (activeState >= 0) {
                    return "versions " + activeState + " and " + v.version() + " are both active";
                }
                activeState = v.version();
            }
            if (v.file() != null && !v.file().equals("v" + v.version() + ".vmpbd")) {
                return "version " + v.version() + " names model file '" + v.file() + "'";
            }
        }
        if (learning > 1) {
            return learning + " versions are learning (at most one may be)";
        }
        for (int s : index.activeStack()) {
            if (!seen.contains(s)) {
                return "activation stack names version " + s + ", which is not recorded";
            }
        }
        int top = index.active().orElse(-1);
        if (top != activeState) {
            return top < 0 ? "version " + activeState + " is active but the activation stack is empty"
                : activeState < 0 ? "the activation stack ends with version " + top + " but no version is active"
                : "the activation stack ends with version " + top + " but version " + activeState + " is active";
        }
        int next = 0;
        for (KeyIndex.Segment s : index.corpus().segments()) {
            if (s.firstProcess() != next) {
                return "corpus segment " + s.file() + " starts at process " + s.firstProcess() + ", expected " + next;
            }
            next += s.processes();
        }
        if (!index.corpus().segments().isEmpty() && index.corpus().abi() == null) {
            return "the corpus has segments but no ABI";
        }
        return null;
    }

    private KeyIndex.Version version(Reader r, JsonNode v) {
        int number = r.integer(v, "version");
        ModelState state;
        try {
            state = ModelState.parse(r.text(v, "state"));
        } catch (IllegalArgumentException e) {
            throw corrupt(r.file, "version " + number + ": " + e.getMessage());
        }
        KeyIndex.Training training = null;
        JsonNode t = v.get("training");
        if (t != null && !t.isNull()) {
            training = new KeyIndex.Training(r.text(t, "abi"), r.integer(t, "m"), r.text(t, "idf"),
                r.ints(t, "filter"), r.text(t, "digest"), r.integer(t, "processes"), r.longValue(t, "calls"),
                r.longValue(t, "windows"), r.integer(t, "libraryWindows"), r.integer(t, "corpusProcesses"));
        }
        KeyIndex.Learning learning = null;
        JsonNode l = v.get("learning");
        if (l != null && !l.isNull()) {
            List<Double> growth = new ArrayList<>();
            for (JsonNode g : r.array(l, "growth")) {
                growth.add(g.asDouble());
            }
            learning = new KeyIndex.Learning(r.instant(l, "started"), r.text(l, "by"), settings(r, r.object(l, "settings")),
                r.integer(l, "firstProcess"), r.integer(l, "processes"), r.integer(l, "batches"),
                r.integer(l, "stableStreak"), r.longValue(l, "windows"), r.integer(l, "libraryWindows"), growth);
        }
        JsonNode conv = v.get("converged");
        try {
            return new KeyIndex.Version(number, state, r.instant(v, "created"), r.text(v, "origin"),
                r.optionalText(v, "file"), r.optionalText(v, "sha256"), r.longValue(v, "bytes"), training, learning,
                conv == null || conv.isNull() ? null : conv.asBoolean(), r.optionalText(v, "endReason"),
                stamp(r, v.get("promoted")), stamp(r, v.get("retired")));
        } catch (IllegalArgumentException e) {
            throw corrupt(r.file, e.getMessage());
        }
    }

    private LearningSettings settings(Reader r, JsonNode s) {
        try {
            Abi abi = Abis.byName(r.text(s, "abi"));
            List<Integer> f = r.ints(s, "filter");
            SyscallFilter filter = f == null ? null : new SyscallFilter(abi, f.stream().mapToInt(Integer::intValue).toArray());
            return new LearningSettings(abi, r.integer(s, "m"),
                IdfVariant.valueOf(r.text(s, "idf").toUpperCase(java.util.Locale.ROOT)), filter,
                r.integer(s, "batchProcesses"), r.number(s, "growthPerThousand"), r.integer(s, "stableBatches"),
                Duration.parse(r.text(s, "timeLimit")), r.longValue(s, "corpusMaxCalls"), r.integer(s, "maxProcessCalls"),
                LearningSettings.Promotion.parse(r.text(s, "promotion")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw corrupt(r.file, "learning settings: " + e.getMessage());
        }
    }

    private KeyIndex.Corpus corpus(Reader r, JsonNode c) {
        List<KeyIndex.Segment> segs = new ArrayList<>();
        for (JsonNode s : r.array(c, "segments")) {
            segs.add(new KeyIndex.Segment(r.text(s, "file"), r.integer(s, "firstProcess"), r.integer(s, "processes"),
                r.longValue(s, "calls"), r.longValue(s, "bytes"), r.text(s, "sha256")));
        }
        return new KeyIndex.Corpus(r.optionalText(c, "abi"), r.ints(c, "captureFilter"), segs);
    }

    private static KeyIndex.Stamp stamp(Reader r, JsonNode s) {
        if (s == null || s.isNull()) {
            return null;
        }
        return new KeyIndex.Stamp(r.instant(s, "at"), r.text(s, "by"), r.text(s, "why"));
    }

    static ModelStoreException corrupt(Path file, String detail) {
        return new ModelStoreException(file + ": corrupt model index: " + detail + "; nothing was changed (the previous "
            + "index, if any, is in " + ModelStore.PREVIOUS_INDEX + " beside it)");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Typed field access; every fault names the file and field. */
    private record Reader(Path file) {
        JsonNode field(JsonNode o, String name) {
            JsonNode v = o == null ? null : o.get(name);
            if (v == null || v.isNull()) {
                throw corrupt(file, "missing field '" + name + "'");
            }
            return v;
        }

        String text(JsonNode o, String name) {
            JsonNode v = field(o, name);
            if (!v.isTextual()) {
                throw corrupt(file, "field '" + name + "' must be a string, got " + v);
            }
            return v.textValue();
        }

        String optionalText(JsonNode o, String name) {
            JsonNode v = o.get(name);
            return v == null || v.isNull() ? null : text(o, name);
        }

        long longValue(JsonNode o, String name) {
            JsonNode v = field(o, name);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw corrupt(file, "field '" + name + "' must be an integer, got " + v);
            }
            return v.longValue();
        }

        int integer(JsonNode o, String name) {
            JsonNode v = field(o, name);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw corrupt(file, "field '" + name + "' must be an integer, got " + v);
            }
            return v.intValue();
        }

        double number(JsonNode o, String name) {
            JsonNode v = field(o, name);
            if (!v.isNumber()) {
                throw corrupt(file, "field '" + name + "' must be a number, got " + v);
            }
            return v.doubleValue();
        }

        Instant instant(JsonNode o, String name) {
            String s = text(o, name);
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw corrupt(file, "field '" + name + "' is not an ISO-8601 time: '" + s + "'");
            }
        }

        JsonNode array(JsonNode o, String name) {
            JsonNode v = field(o, name);
            if (!v.isArray()) {
                throw corrupt(file, "field '" + name + "' must be an array");
            }
            return v;
        }

        JsonNode object(JsonNode o, String name) {
            JsonNode v = field(o, name);
            if (!v.isObject()) {
                throw corrupt(file, "field '" + name + "' must be an object");
            }
            return v;
        }

        List<Integer> ints(JsonNode o, String name) {
            JsonNode v = o.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isArray()) {
                throw corrupt(file, "field '" + name + "' must be an array of integers or null");
            }
            List<Integer> out = new ArrayList<>(v.size());
            for (JsonNode x : v) {
                if (!x.canConvertToInt() || !x.isIntegralNumber()) {
                    throw corrupt(file, "field '" + name + "' holds " + x + ", not an integer");
                }
                out.add(x.intValue());
            }
            return out;
        }
    }
}
