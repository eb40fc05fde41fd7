package org.vmpbd.trap.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A reader of the BPF Type Format ({@code .BTF} section of a kernel built with
 * CONFIG_DEBUG_INFO_BTF): header, type section, string section. Enough to find struct member
 * offsets (also inside anonymous structs and unions, and with the kind_flag bitfield encoding), type
 * sizes and the variables of a DATASEC such as {@code .data..percpu}.
 */
public final class Btf {
    public static final int KIND_INT = 1;
    public static final int KIND_PTR = 2;
    public static final int KIND_ARRAY = 3;
    public static final int KIND_STRUCT = 4;
    public static final int KIND_UNION = 5;
    public static final int KIND_ENUM = 6;
    public static final int KIND_FWD = 7;
    public static final int KIND_TYPEDEF = 8;
    public static final int KIND_VOLATILE = 9;
    public static final int KIND_CONST = 10;
    public static final int KIND_RESTRICT = 11;
    public static final int KIND_FUNC = 12;
    public static final int KIND_FUNC_PROTO = 13;
    public static final int KIND_VAR = 14;
    public static final int KIND_DATASEC = 15;
    public static final int KIND_FLOAT = 16;
    public static final int KIND_DECL_TAG = 17;
    public static final int KIND_TYPE_TAG = 18;
    public static final int KIND_ENUM64 = 19;

    private static final int MAGIC = 0xeb9f;

    /** A struct/union member: bit offset from the start of its (outermost asked) struct. */
    public record Member(String name, int type, long bitOffset, int bitfieldSize) {
        public long byteOffset() {
            return bitOffset / 8;
        }
    }

    /** A variable of a DATASEC: its offset in the section and its size. */
    public record SectionVar(String name, int type, long offset, long size) {
    }

    private final ByteBuffer types;
    private final ByteBuffer strings;
    // per type id (index 0 = void): position of its btf_type in 'types'
    private final int[] pos;

    private Btf(ByteBuffer types, ByteBuffer strings, int[] pos) {
        this.types = types;
        this.strings = strings;
        this.pos = pos;
    }

    /** Parses a {@code .BTF} section. */
    public static Btf parse(ByteBuffer section) throws IOException {
        ByteBuffer b = section.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 24) {
            throw new IOException("BTF: section too short");
        }
        int magic = Short.toUnsignedInt(b.getShort(0));
        if (magic != MAGIC) {
            if (Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(0)) == MAGIC) {
                b.order(ByteOrder.BIG_ENDIAN);
            } else {
                throw new IOException("BTF: bad magic 0x" + Integer.toHexString(magic));
            }
        }
        int version = b.get(2);
        if (version != 1) {
            throw new IOException("BTF: unsupported version " + version);
        }
        int hdrLen = b.getInt(4);
        int typeOff = b.getInt(8);
        int typeLen = b.getInt(12);
        int strOff = b.getInt(16);
        int strLen = b.getInt(20);
        if (hdrLen < 24 || (long) hdrLen + typeOff + typeLen > b.limit() || (long) hdrLen + strOff + strLen > b.limit()) {
            throw new IOException("BTF: header out of bounds");
        }
        ByteBuffer types = b.slice(hdrLen + typeOff, typeLen).order(b.order());
        ByteBuffer strings = b.slice(hdrLen + strOff, strLen).order(b.order());
        List<Integer> positions = new ArrayList<>();
        positions.add(-1);   // id 0: void
        int p = 0;
        while (p < typeLen) {
            if (p + 12 > typeLen) {
                throw new IOException("BTF: truncated type at " + p);
            }
            positions.add(p);
            int info = types.getInt(p + 4);
            int kind = (info >>> 24) & 0x1f;
            int vlen = info & 0xffff;
            p += 12 + extraSize(kind, vlen, p);
        }
        int[] pos = new int[positions.size()];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = positions.get(i);
        }
        return new Btf(types, strings, pos);
    }

    private static int extraSize(int kind, int vlen, int at) throws IOException {
        switch (kind) {
            case KIND_INT:
            case KIND_VAR:
            case KIND_DECL_TAG:
                return 4;
            case KIND_ARRAY:
                return 12;
            case KIND_STRUCT:
            case KIND_UNION:
            case KIND_DATASEC:
            case KIND_ENUM64:
                return 12 * vlen;
            case KIND_ENUM:
            case KIND_FUNC_PROTO:
                return 8 * vlen;
            case KIND_PTR:
            case KIND_FWD:
            case KIND_TYPEDEF:
            case KIND_VOLATILE:
            case KIND_CONST:
            case KIND_RESTRICT:
            case KIND_FUNC:
            case KIND_FLOAT:
            case KIND_TYPE_TAG:
                return 0;
            default:
                throw new IOException("BTF: unknown kind " + kind + " at type offset " + at);
        }
    }

    /** Number of type ids (including 0 = void). */
    public int typeCount() {
        return pos.length;
    }

    public int kind(int id) {
        return (info(id) >>> 24) & 0x1f;
    }

    public String name(int id) {
        return id == 0 ? "" : string(types.getInt(pos[id]));
    }

    private int info(int id) {
        check(id);
        return id == 0 ? 0 : types.getInt(pos[id] + 4);
    }

    private int vlen(int id) {
        return info(id) & 0xffff;
    }

    private boolean kindFlag(int id) {
        return (info(id) >>> 31) != 0;
    }

    /** size (INT, STRUCT, UNION, ENUM, DATASEC, FLOAT) or referenced type (PTR, TYPEDEF, VAR, ...). */
    private int sizeOrType(int id) {
        return types.getInt(pos[id] + 8);
    }

    /** The first type of {@code kind} named {@code name}; for structs a complete one (size > 0). */
    public Optional<Integer> find(int kind, String name) {
        for (int id = 1; id < pos.length; id++) {
            if (kind(id) == kind && name(id).equals(name)) {
                if ((kind == KIND_STRUCT || kind == KIND_UNION) && sizeOrType(id) == 0) {
                    continue;
                }
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** The direct members of a struct or union. */
    public List<Member> members(int id) {
        int k = kind(id);
        if (k != KIND_STRUCT && k != KIND_UNION) {
            throw new IllegalArgumentException("BTF type " + id + " (" + name(id) + ") is not a struct or union");
        }
        boolean flag = kindFlag(id);
        int n = vlen(id);
        List<Member> out = new ArrayList<>(n);
        int base = pos[id] + 12;
        for (int i = 0; i < n; i++) {
            int m = base + 12 * i;
            String name = string(types.getInt(m));
            int type = types.getInt(m + 4);
            int off = types.getInt(m + 8);
            long bitOffset = flag ? (off & 0xffffff) : Integer.toUnsignedLong(off);
            int bitfield = flag ? (off >>> 24) : 0;
            out.add(new Member(name, type, bitOffset, bitfield));
        }
        return out;
    }

    /**
     * A member by name, searching anonymous struct/union members too; its bit offset is from the
     * start of {@code structId}.
     */
    public Optional<Member> member(int structId, String name) {
        for (Member m : members(structId)) {
            if (m.name().equals(name)) {
                return Optional.of(m);
            }
        }
        for (Member m : members(structId)) {
            if (m.name().isEmpty()) {
                int t = resolve(m.type());
                int k = kind(t);
                if (k == KIND_STRUCT || k == KIND_UNION) {
                    Optional<Member> inner = member(t, name);
                    if (inner.isPresent()) {
                        Member i = inner.get();
                        return Optional.of(new Member(i.name(), i.type(), m.bitOffset() + i.bitOffset(), i.bitfieldSize()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Skips typedefs and qualifiers. */
    public int resolve(int id) {
        int guard = 0;
        while (id != 0 && guard++ < 64) {
            int k = kind(id);
            if (k == KIND_TYPEDEF || k == KIND_VOLATILE || k == KIND_CONST || k == KIND_RESTRICT || k == KIND_TYPE_TAG) {
                id = sizeOrType(id);
            } else {
                return id;
            }
        }
        return id;
    }

    /** Size in bytes of a type (arrays: element size × count; pointers 8). */
    public long sizeOf(int id) {
        int t = resolve(id);
        switch (kind(t)) {
            case KIND_INT:
            case KIND_STRUCT:
            case KIND_UNION:
            case KIND_ENUM:
            case KIND_ENUM64:
            case KIND_DATASEC:
            case KIND_FLOAT:
                return Integer.toUnsignedLong(sizeOrType(t));
            case KIND_PTR:
                return 8;
            case KIND_ARRAY:
                return sizeOf(arrayElement(t)) * arrayLength(t);
            default:
                throw new IllegalArgumentException("BTF type " + t + " (kind " + kind(t) + ") has no size");
        }
    }

    public int arrayElement(int id) {
        requireKind(id, KIND_ARRAY);
        return types.getInt(pos[id] + 12);
    }

    public long arrayLength(int id) {
        requireKind(id, KIND_ARRAY);
        return Integer.toUnsignedLong(types.getInt(pos[id] + 20));
    }

    /** The variables of a DATASEC, e.g. {@code .data..percpu}. */
    public List<SectionVar> sectionVars(String section) {
        List<SectionVar> out = new ArrayList<>();
        for (int id = 1; id < pos.length; id++) {
            if (kind(id) == KIND_DATASEC && name(id).equals(section)) {
                int n = vlen(id);
                int base = pos[id] + 12;
                for (int i = 0; i < n; i++) {
                    int v = base + 12 * i;
                    int varId = types.getInt(v);
                    long offset = Integer.toUnsignedLong(types.getInt(v + 4));
                    long size = Integer.toUnsignedLong(types.getInt(v + 8));
                    out.add(new SectionVar(name(varId), sizeOrType(varId), offset, size));
                }
            }
        }
        return out;
    }

    /** A variable of a DATASEC by name. */
    public Optional<SectionVar> sectionVar(String section, String var) {
        return sectionVars(section).stream().filter(v -> v.name().equals(var)).findFirst();
    }

    private void requireKind(int id, int kind) {
        if (kind(id) != kind) {
            throw new IllegalArgumentException("BTF type " + id + " is kind " + kind(id) + ", not " + kind);
        }
    }

    private void check(int id) {
        if (id < 0 || id >= pos.length) {
            throw new IllegalArgumentException("BTF type id " + id + " out of range (" + pos.length + " types)");
        }
    }

    private String string(int off) {
        if (off < 0 || off >= strings.limit()) {
            return "";
        }
        int end = off;
        while (end < strings.limit() && strings.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - off];
        strings.get(off, s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }
}
