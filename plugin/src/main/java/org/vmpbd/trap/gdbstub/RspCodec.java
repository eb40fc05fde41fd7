package org.vmpbd.trap.gdbstub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Pure functions of the GDB Remote Serial Protocol's encoding: packet framing ({@code $data#cs}),
 * checksums, run-length decoding of replies ({@code X*n} repeats X n-29 more times), the binary
 * escape ({@code '}'} then the byte XOR 0x20) and hex.
 */
public final class RspCodec {
    private RspCodec() {
    }

    /** Modulo-256 sum of the bytes between '$' and '#'. */
    public static int checksum(byte[] data, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += data[i] & 0xff;
        }
        return sum & 0xff;
    }

    /** {@code $data#cs} for data that needs no escaping (commands are ASCII and hex). */
    public static byte[] frame(String data) {
        byte[] body = data.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[body.length + 4];
        out[0] = '$';
        System.arraycopy(body, 0, out, 1, body.length);
        out[body.length + 1] = '#';
        String cs = String.format("%02x", checksum(body, 0, body.length));
        out[body.length + 2] = (byte) cs.charAt(0);
        out[body.length + 3] = (byte) cs.charAt(1);
        return out;
    }

    /** Expands run-length encoding: {@code c*N} means c followed by (N - 29) more copies of c. */
    public static byte[] decodeRunLength(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 16);
        int last = -1;
        for (int i = 0; i < raw.length; i++) {
            int b = raw[i] & 0xff;
            if (b == '*' && last >= 0 && i + 1 < raw.length) {
                int n = (raw[++i] & 0xff) - 29;
                if (n < 0) {
                    throw new IllegalArgumentException("bad run length " + n + " in RSP reply");
                }
                for (int k = 0; k < n; k++) {
                    out.write(last);
                }
            } else {
                out.write(b);
                last = b;
            }
        }
        return out.toByteArray();
    }

    /** Undoes the binary escape of {@code qXfer}/{@code X} data: '}' followed by (byte ^ 0x20). */
    public static byte[] unescape(byte[] data, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        for (int i = from; i < data.length; i++) {
            int b = data[i] & 0xff;
            if (b == '}' && i + 1 < data.length) {
                out.write((data[++i] & 0xff) ^ 0x20);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Escapes '$', '#', '}' and '*' for binary data sent to the stub. */
    public static byte[] escape(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
        for (byte d : data) {
            int b = d & 0xff;
            if (b == '$' || b == '#' || b == '}' || b == '*') {
                out.write('}');
                out.write(b ^ 0x20);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    public static byte[] unhex(CharSequence s) {
        if ((s.length() & 1) != 0) {
            throw new IllegalArgumentException("odd-length hex string (" + s.length() + " chars)");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not hex at " + (2 * i) + ": " + s.subSequence(0, Math.min(40, s.length())));
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** A little-endian value of {@code len} (≤ 8) bytes at {@code off}. */
    public static long littleEndian(byte[] b, int off, int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }

    /** {@code len} bytes of {@code v}, little-endian, as hex (the form of {@code P} values). */
    public static String littleEndianHex(long v, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return hex(b);
    }
}
