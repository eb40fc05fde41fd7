package org.vmpbd.trap.gdbstub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registers a gdbstub offers, from its {@code target.xml} and the files it includes: register
 * numbers follow the XML order (or a {@code regnum} attribute), and the {@code g} packet carries them
 * in number order, each {@code bitsize / 8} bytes. XML comments are skipped (QEMU 7.2's
 * i386-64bit.xml has a commented-out ss_base/ds_base/es_base block).
 */
public final class TargetDescription {
    /** One register: its number for {@code p}/{@code P}, size and offset in the {@code g} reply. */
    public record Register(String name, int number, int bytes, int offset) {
    }

    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern REG = Pattern.compile("<reg\\s([^>]*?)/?>", Pattern.DOTALL);
    private static final Pattern INCLUDE = Pattern.compile("<xi:include\\s[^>]*href=\"([^\"]+)\"", Pattern.DOTALL);
    private static final Pattern ATTR = Pattern.compile("([A-Za-z_:-]+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern ARCH = Pattern.compile("<architecture>([^<]+)</architecture>");

    private final Map<String, Register> byName;
    private final List<Register> inOrder;
    private final int gSize;
    private final String architecture;

    private TargetDescription(List<Register> regs, String architecture) {
        Map<String, Register> m = new LinkedHashMap<>();
        int size = 0;
        for (Register r : regs) {
            m.put(r.name(), r);
            size = Math.max(size, r.offset() + r.bytes());
        }
        this.byName = Collections.unmodifiableMap(m);
        this.inOrder = List.copyOf(regs);
        this.gSize = size;
        this.architecture = architecture;
    }

    /** Source of a named XML document (the stub's {@code qXfer:features:read}). */
    @FunctionalInterface
    public interface Documents {
        String read(String annex) throws java.io.IOException;
    }

    /** Reads {@code target.xml} and, depth-first in document order, every file it includes. */
    public static TargetDescription fetch(Documents docs) throws java.io.IOException {
        List<String> texts = new ArrayList<>();
        collect(docs, "target.xml", texts, 0);
        return parse(texts);
    }

    private static void collect(Documents docs, String annex, List<String> texts, int depth) throws java.io.IOException {
        if (depth > 4) {
            throw new java.io.IOException("target description: includes nested too deep at " + annex);
        }
        String xml = COMMENT.matcher(docs.read(annex)).replaceAll("");
        // registers of this document and its includes, in document order
        Matcher inc = INCLUDE.matcher(xml);
        int last = 0;
        while (inc.find()) {
            texts.add(xml.substring(last, inc.start()));
            collect(docs, inc.group(1), texts, depth + 1);
            last = inc.end();
        }
        texts.add(xml.substring(last));
    }

    /** Parses already-fetched documents (comments may still be present), in order. */
    public static TargetDescription parse(List<String> documents) {
        List<Register> regs = new ArrayList<>();
        int next = 0;
        int offset = 0;
        String arch = "";
        for (String doc : documents) {
            String xml = COMMENT.matcher(doc).replaceAll("");
            Matcher a = ARCH.matcher(xml);
            if (a.find() && arch.isEmpty()) {
                arch = a.group(1).trim();
            }
            Matcher m = REG.matcher(xml);
            while (m.find()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                Matcher at = ATTR.matcher(m.group(1));
                while (at.find()) {
                    attrs.put(at.group(1), at.group(2));
                }
                String name = attrs.get("name");
                String bits = attrs.get("bitsize");
                if (name == null || bits == null) {
                    throw new IllegalArgumentException("target description: <reg> without name or bitsize: " + m.group());
                }
                if (attrs.containsKey("regnum")) {
                    next = Integer.parseInt(attrs.get("regnum"));
                }
                int bytes = Integer.parseInt(bits) / 8;
                regs.add(new Register(name, next, bytes, offset));
                offset += bytes;
                next++;
            }
        }
        if (regs.isEmpty()) {
            throw new IllegalArgumentException("target description has no registers");
        }
        return new TargetDescription(regs, arch);
    }

    public Optional<Register> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The named register, or an error naming what the stub does offer. */
    public Register require(String name) {
        Register r = byName.get(name);
        if (r == null) {
            throw new IllegalArgumentException("gdbstub offers no register '" + name + "' (has " + byName.keySet() + ")");
        }
        return r;
    }

    public List<Register> registers() {
        return inOrder;
    }

    /** Bytes of a full {@code g} reply. */
    public int gSize() {
        return gSize;
    }

    public String architecture() {
        return architecture;
    }
}
