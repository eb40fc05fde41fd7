package org.vmpbd.trap.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The section headers of a 64-bit little-endian ELF file (a kernel's {@code vmlinux}), read without
 * loading the whole file: only the headers and the sections asked for are read.
 */
public final class ElfSections {
    /** One section: file offset, size and virtual address. */
    public record Section(String name, long offset, long size, long address) {
    }

    private final Path file;
    private final Map<String, Section> sections;

    private ElfSections(Path file, Map<String, Section> sections) {
        this.file = file;
        this.sections = sections;
    }

    public static ElfSections read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer eh = readAt(ch, 0, 64, file);
            if (eh.getInt(0) != 0x464c457f) {
                throw new IOException(file + ": not an ELF file (a bzImage? use the extracted vmlinux)");
            }
            if (eh.get(4) != 2 || eh.get(5) != 1) {
                throw new IOException(file + ": not a 64-bit little-endian ELF file");
            }
            long shoff = eh.getLong(0x28);
            int shentsize = Short.toUnsignedInt(eh.getShort(0x3a));
            int shnum = Short.toUnsignedInt(eh.getShort(0x3c));
            int shstrndx = Short.toUnsignedInt(eh.getShort(0x3e));
            if (shoff <= 0 || shnum == 0 || shentsize < 64 || shstrndx >= shnum) {
                throw new IOException(file + ": ELF file without section headers");
            }
            ByteBuffer sh = readAt(ch, shoff, (long) shentsize * shnum, file);
            long strOff = sh.getLong(shstrndx * shentsize + 0x18);
            long strSize = sh.getLong(shstrndx * shentsize + 0x20);
            ByteBuffer names = readAt(ch, strOff, strSize, file);
            Map<String, Section> out = new LinkedHashMap<>();
            for (int i = 0; i < shnum; i++) {
                int base = i * shentsize;
                int nameOff = sh.getInt(base);
                String name = cString(names, nameOff);
                long addr = sh.getLong(base + 0x10);
                long off = sh.getLong(base + 0x18);
                long size = sh.getLong(base + 0x20);
                out.putIfAbsent(name, new Section(name, off, size, addr));
            }
            return new ElfSections(file, out);
        }
    }

    public Optional<Section> find(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /** A section's bytes, little-endian. */
    public ByteBuffer bytes(String name) throws IOException {
        Section s = find(name).orElseThrow(() -> new IOException(file + ": no " + name + " section"));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readAt(ch, s.offset(), s.size(), file);
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, long len, Path file) throws IOException {
        if (len < 0 || len > Integer.MAX_VALUE || pos < 0 || pos + len > ch.size()) {
            throw new IOException(file + ": truncated ELF file (wanted " + len + " bytes at " + pos + ")");
        }
        ByteBuffer b = ByteBuffer.allocate((int) len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException(file + ": truncated ELF file");
            }
        }
        return b.flip();
    }

    private static String cString(ByteBuffer b, int off) {
        int end = off;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - off];
        b.get(off, s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }
}
