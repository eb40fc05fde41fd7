package org.vmpbd.trap.gdbstub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GDB remote commands over an {@link RspConnection}, as QEMU's gdbstub (7.2) answers them:
 * {@code qSupported}, the target description ({@code qXfer:features:read}, required before
 * {@code p}/{@code P} work), {@code g}, {@code p}, {@code P}, {@code m}, {@code Z0/Z1}, {@code z},
 * {@code c}, interrupt, {@code qRcmd} (monitor commands) and {@code D;1} (detach and resume).
 * Every reply is awaited with the client's timeout. Not thread-safe: one thread speaks.
 */
public final class RspClient implements AutoCloseable {
    private final RspConnection conn;
    private final Duration timeout;
    private Map<String, String> features = Map.of();
    private TargetDescription target;

    public RspClient(RspConnection conn, Duration timeout) {
        this.conn = conn;
        this.timeout = timeout;
    }

    public RspConnection connection() {
        return conn;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Drains what the stub sends on attach: QEMU stops a running VM when a client connects and sends
     * an unsolicited {@code T02}; a VM already stopped (e.g. left at a breakpoint by a crashed
     * client) sends nothing.
     *
     * @return the stop reply, or null if none came within {@code wait}
     */
    public StopReply drainAttachStop(Duration wait) throws IOException {
        StopReply last = null;   // stays null unless a stop reply comes
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !conn.awaitInput(Duration.ofNanos(left))) {
                return last;
            }
            try {
                StopReply s = StopReply.parse(conn.receive(Duration.ofNanos(Math.max(left, 50_000_000L))));
                if (s != null) {
                    return s;   // one stop per attach
                }
            } catch (RspTimeoutException e) {
                return last;   // only stray bytes
            }
        }
    }

    /** {@code qSupported}; the stub's features (e.g. PacketSize=1000, qXfer:features:read+). */
    public Map<String, String> handshake() throws IOException {
        String reply = request("qSupported:multiprocess+;xmlRegisters=i386;swbreak+;hwbreak+");
        Map<String, String> f = new LinkedHashMap<>();
        for (String item : reply.split(";")) {
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq > 0) {
                f.put(item.substring(0, eq), item.substring(eq + 1));
            } else {
                char last = item.charAt(item.length() - 1);
                String name = (last == '+' || last == '-' || last == '?') ? item.substring(0, item.length() - 1) : item;
                f.put(name, String.valueOf(last));
            }
        }
        features = Map.copyOf(f);
        return features;
    }

    public Map<String, String> features() {
        return features;
    }

    /** Fetches target.xml and its includes; register numbers are derived from them. */
    public TargetDescription fetchTargetDescription() throws IOException {
        if (!"+".equals(features.get("qXfer:features:read"))) {
            throw new IOException("gdbstub " + conn.peer() + " does not offer qXfer:features:read (features " + features + ")");
        }
        target = TargetDescription.fetch(this::readFeature);
        return target;
    }

    public TargetDescription target() {
        if (target == null) {
            throw new IllegalStateException("target description not fetched yet");
        }
        return target;
    }

    /** One {@code qXfer:features:read:ANNEX} document, read in chunks. */
    public String readFeature(String annex) throws IOException {
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        int chunk = Math.max(256, packetSize() - 16);
        for (int off = 0; off < (1 << 22); ) {
            conn.send("qXfer:features:read:" + annex + ":" + Integer.toHexString(off) + "," + Integer.toHexString(chunk), timeout);
            byte[] raw = conn.receiveRaw(timeout);
            if (raw.length == 0 || (raw[0] != 'l' && raw[0] != 'm')) {
                throw new IOException("gdbstub " + conn.peer() + ": reading " + annex + ": " + new String(raw, StandardCharsets.ISO_8859_1));
            }
            byte[] data = RspCodec.unescape(raw, 1);
            doc.write(data, 0, data.length);
            off += data.length;
            if (raw[0] == 'l') {
                return doc.toString(StandardCharsets.UTF_8);
            }
            if (data.length == 0) {
                throw new IOException("gdbstub " + conn.peer() + ": empty 'm' chunk reading " + annex);
            }
        }
        throw new IOException("gdbstub " + conn.peer() + ": " + annex + " too large");
    }

    /** The stub's maximum packet size (PacketSize, hex), 4096 if unknown. */
    public int packetSize() {
        String s = features.get("PacketSize");
        try {
            return s == null ? 4096 : Integer.parseInt(s, 16);
        } catch (NumberFormatException e) {
            return 4096;
        }
    }

    /** All registers of the stopped vCPU in one round trip. */
    public byte[] readAllRegisters() throws IOException {
        String reply = request("g");
        checkError(reply, "g");
        return RspCodec.unhex(reply);
    }

    /** One register ({@code p}); little-endian bytes as the stub sends them. */
    public long readRegister(TargetDescription.Register r) throws IOException {
        String reply = request("p" + Integer.toHexString(r.number()));
        if (reply.isEmpty()) {
            throw new IOException("gdbstub " + conn.peer() + ": 'p' for " + r.name() + " is not supported (target description not read?)");
        }
        checkError(reply, "p " + r.name());
        byte[] b = RspCodec.unhex(reply);
        return RspCodec.littleEndian(b, 0, Math.min(8, b.length));
    }

    /** Writes one register ({@code P}). */
    public void writeRegister(TargetDescription.Register r, long value) throws IOException {
        String reply = request(writeRegisterCommand(r, value));
        if (!"OK".equals(reply)) {
            throw new IOException("gdbstub " + conn.peer() + ": writing " + r.name() + ": '" + reply + "'");
        }
    }

    /** Guest virtual memory through the stopped vCPU's page tables ({@code m}), in chunks. */
    public byte[] readMemory(long address, int length) throws IOException {
        byte[] out = new byte[length];
        int max = Math.max(64, (packetSize() - 8) / 2);
        for (int done = 0; done < length; ) {
            int n = Math.min(max, length - done);
            String reply = request(readMemoryCommand(address + done, n));
            byte[] b = memoryReply(reply, address + done, n);
            System.arraycopy(b, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** The {@code m} command for a read of {@code length} (at most a packet's worth) bytes. */
    static String readMemoryCommand(long address, int length) {
        return "m" + Long.toHexString(address) + "," + Integer.toHexString(length);
    }

    /** Decodes an {@code m} reply of {@code length} bytes. */
    static byte[] memoryReply(String reply, long address, int length) throws MemoryReadException {
        if (reply.startsWith("E") && reply.length() == 3 || reply.isEmpty()) {
            throw new MemoryReadException(address, length, reply.isEmpty() ? "empty reply" : reply);
        }
        byte[] b = RspCodec.unhex(reply);
        if (b.length < length) {
            throw new MemoryReadException(address, length, "short reply (" + b.length + " bytes)");
        }
        return b;
    }

    /** The {@code P} command writing a register. */
    static String writeRegisterCommand(TargetDescription.Register r, long value) {
        return "P" + Integer.toHexString(r.number()) + "=" + RspCodec.littleEndianHex(value, r.bytes());
    }

    /** Writes several registers with pipelined {@code P} packets (one round trip). */
    public void writeRegisters(List<TargetDescription.Register> regs, long[] values) throws IOException {
        List<String> cmds = new ArrayList<>(regs.size());
        for (int i = 0; i < regs.size(); i++) {
            cmds.add(writeRegisterCommand(regs.get(i), values[i]));
        }
        List<String> replies = conn.exchange(cmds, timeout);
        for (int i = 0; i < replies.size(); i++) {
            if (!"OK".equals(replies.get(i))) {
                throw new IOException("gdbstub " + conn.peer() + ": writing " + regs.get(i).name() + ": '" + replies.get(i) + "'");
            }
        }
    }

    /**
     * All registers and some guest memory in one round trip (pipelined {@code g} and {@code m}s).
     *
     * @return {@code [0]} the {@code g} bytes, {@code [i + 1]} the bytes at {@code addresses[i]}, or null
     *         where the stub could not read them
     */
    public byte[][] readRegistersAndMemory(long[] addresses, int[] lengths) throws IOException {
        List<String> cmds = new ArrayList<>(addresses.length + 1);
        cmds.add("g");
        for (int i = 0; i < addresses.length; i++) {
            cmds.add(readMemoryCommand(addresses[i], lengths[i]));
        }
        List<String> replies = conn.exchange(cmds, timeout);
        checkError(replies.get(0), "g");
        byte[][] out = new byte[addresses.length + 1][];
        out[0] = RspCodec.unhex(replies.get(0));
        for (int i = 0; i < addresses.length; i++) {
            try {
                out[i + 1] = memoryReply(replies.get(i + 1), addresses[i], lengths[i]);
            } catch (MemoryReadException e) {
                out[i + 1] = null;
            }
        }
        return out;
    }

    /** A little-endian 64-bit value at a guest virtual address. */
    public long readLong(long address) throws IOException {
        return RspCodec.littleEndian(readMemory(address, 8), 0, 8);
    }

    /** Inserts a breakpoint: {@code Z1} (hardware) or {@code Z0} (software, int3 in guest memory under KVM). */
    public void insertBreakpoint(long address, boolean hardware) throws IOException {
        String cmd = "Z" + (hardware ? '1' : '0') + "," + Long.toHexString(address) + ",1";
        String reply = request(cmd);
        if (!"OK".equals(reply)) {
            throw new IOException("gdbstub " + conn.peer() + ": breakpoint at 0x" + Long.toHexString(address)
                + " refused: '" + reply + "'" + (reply.isEmpty() ? " (unsupported)" : ""));
        }
    }

    /** Removes a breakpoint; false if the stub had none there. */
    public boolean removeBreakpoint(long address, boolean hardware) throws IOException {
        String reply = request("z" + (hardware ? '1' : '0') + "," + Long.toHexString(address) + ",1");
        return "OK".equals(reply);
    }

    /** Resumes all vCPUs ({@code c}); the next stop reply comes later through {@link #awaitStop}. */
    public void resume() throws IOException {
        conn.send("c", timeout);
    }

    /** Stops a running VM (0x03); its stop reply comes through {@link #awaitStop}. */
    public void interrupt() throws IOException {
        conn.sendByte(0x03);
    }

    /** The next stop reply, waiting at most {@code wait}. */
    public StopReply awaitStop(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = Math.max(1_000_000L, deadline - System.nanoTime());
            String reply = conn.receive(Duration.ofNanos(left));
            StopReply s = StopReply.parse(reply);
            if (s != null) {
                return s;
            }
            if (reply.startsWith("O") && !reply.equals("OK")) {
                continue;   // console output
            }
            if (System.nanoTime() >= deadline) {
                throw new RspTimeoutException("gdbstub " + conn.peer() + ": no stop reply (last packet '" + reply + "')");
            }
        }
    }

    /** Runs a monitor (HMP) command through {@code qRcmd} and returns its output. */
    public String monitor(String command) throws IOException {
        conn.send("qRcmd," + RspCodec.hex(command.getBytes(StandardCharsets.UTF_8)), timeout);
        StringBuilder out = new StringBuilder();
        while (true) {
            String reply = conn.receive(timeout);
            if (reply.equals("OK")) {
                return out.toString();
            }
            if (reply.startsWith("O")) {
                out.append(new String(RspCodec.unhex(reply.substring(1)), StandardCharsets.UTF_8));
            } else if (reply.isEmpty()) {
                throw new IOException("gdbstub " + conn.peer() + ": qRcmd not supported");
            } else if (reply.startsWith("E")) {
                throw new IOException("gdbstub " + conn.peer() + ": monitor '" + command + "' failed: " + reply);
            } else {
                out.append(new String(RspCodec.unhex(reply), StandardCharsets.UTF_8));
                return out.toString();
            }
        }
    }

    /**
     * {@code D;1}: detach process 1; QEMU then removes every breakpoint and resumes the VM. (A plain
     * {@code D} is refused with E22 once multiprocess is negotiated, and the VM stays stopped.)
     */
    public void detach() throws IOException {
        String reply = request("D;1");
        if (!"OK".equals(reply)) {
            reply = request("D");
            if (!"OK".equals(reply)) {
                throw new IOException("gdbstub " + conn.peer() + ": detach refused: '" + reply + "'");
            }
        }
    }

    /** Sends a command and returns its reply (skipping console 'O' output). */
    public String request(String command) throws IOException {
        conn.send(command, timeout);
        while (true) {
            String reply = conn.receive(timeout);
            if (reply.length() > 1 && reply.charAt(0) == 'O' && !reply.equals("OK") && isHex(reply, 1)) {
                continue;
            }
            return reply;
        }
    }

    @Override
    public void close() {
        conn.close();
    }

    private void checkError(String reply, String what) throws IOException {
        if (reply.length() == 3 && reply.charAt(0) == 'E') {
            throw new IOException("gdbstub " + conn.peer() + ": " + what + " failed: " + reply);
        }
        if (reply.isEmpty()) {
            throw new IOException("gdbstub " + conn.peer() + ": " + what + " not supported");
        }
    }

    private static boolean isHex(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
