package org.vmpbd.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a stored model is for: an image (a Glance image, or a VM name for per-VM learning) and a
 * program, the guest process's {@code comm}; program {@value #ANY_PROGRAM} is the image-wide
 * fallback used for processes whose program has no promoted model of its own.
 *
 * <p>Written {@code IMAGE/PROGRAM} (split at the first '/': an image holds no '/', a comm may, e.g.
 * {@code kworker/0:1}); {@code IMAGE} alone means {@code IMAGE/*}. On disk each part is one directory
 * name, percent-encoded ({@link #directoryName}): bytes other than {@code A-Z a-z 0-9 - _ .}, and a
 * leading '.', become {@code %XX}; so the fallback's directory is {@code %2A}.
 */
public record ModelKey(String image, String program) implements Comparable<ModelKey> {
    /** The program of the image-wide fallback model. */
    public static final String ANY_PROGRAM = "*";
    private static final int MAX = 255;

    public ModelKey {
        check("image", image);
        check("program", program);
        if (image.indexOf('/') >= 0) {
            throw new IllegalArgumentException("model key: image '" + image + "' must not contain '/'");
        }
        if (image.equals(ANY_PROGRAM)) {
            throw new IllegalArgumentException("model key: image must be named, '*' is not an image");
        }
    }

    /** The image-wide fallback key of {@code image}. */
    public static ModelKey imageWide(String image) {
        return new ModelKey(image, ANY_PROGRAM);
    }

    /** Parses {@code IMAGE/PROGRAM} or {@code IMAGE} (= {@code IMAGE/*}). */
    public static ModelKey parse(String text) {
        Objects.requireNonNull(text, "key");
        int slash = text.indexOf('/');
        if (slash < 0) {
            return imageWide(text);
        }
        return new ModelKey(text.substring(0, slash), text.substring(slash + 1));
    }

    public boolean isImageWide() {
        return program.equals(ANY_PROGRAM);
    }

    /** This key's image-wide fallback (itself if it is one). */
    public ModelKey fallback() {
        return imageWide(image);
    }

    @Override
    public String toString() {
        return image + "/" + program;
    }

    @Override
    public int compareTo(ModelKey o) {
        int c = image.compareTo(o.image);
        if (c != 0) {
            return c;
        }
        if (isImageWide() != o.isImageWide()) {
            return isImageWide() ? -1 : 1;
        }
        return program.compareTo(o.program);
    }

    /** The directory name of one key part (see the class comment); reversible by {@link #fromDirectoryName}. */
    public static String directoryName(String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean plain = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-'
                || b == '_' || (b == '.' && i > 0);
            if (plain) {
                sb.append((char) b);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * The key part a directory name encodes.
     *
     * @throws IllegalArgumentException if {@code name} is not one {@link #directoryName} makes
     */
    public static String fromDirectoryName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 2 >= name.length()) {
                    throw new IllegalArgumentException("'" + name + "' is not an encoded key part (truncated %XX)");
                }
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("'" + name + "' is not an encoded key part (bad %XX)");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        String part = out.toString(StandardCharsets.UTF_8);
        if (!directoryName(part).equals(name)) {
            throw new IllegalArgumentException("'" + name + "' is not an encoded key part");
        }
        return part;
    }

    private static void check(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("model key: " + what + " must not be empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("model key: " + what + " must not contain NUL");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX) {
            throw new IllegalArgumentException("model key: " + what + " is longer than " + MAX + " bytes");
        }
    }
}
