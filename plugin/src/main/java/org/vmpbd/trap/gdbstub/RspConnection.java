package org.vmpbd.trap.gdbstub;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The packet layer of the GDB Remote Serial Protocol on one socket: frames, checksums, acks (QEMU
 * 7.2 has no {@code QStartNoAckMode}, so every packet is acked both ways), resends on '-', and a
 * deadline on every read, so that a silent peer gives a {@link RspTimeoutException} and a closed one
 * an {@link EOFException}, never a hang. Not thread-safe except {@link #wakeup()} and
 * {@link #close()}: one thread speaks the protocol.
 */
public final class RspConnection implements AutoCloseable {
    private static final int MAX_RESENDS = 3;

    private final SocketChannel channel;
    private final Selector selector;
    private final String peer;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();
    private long packetsSent;
    private long packetsReceived;

    private RspConnection(SocketChannel channel, String peer) throws IOException {
        this.channel = channel;
        this.peer = peer;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        in.flip();
    }

    public static RspConnection open(RspEndpoint endpoint) throws IOException {
        SocketChannel ch = endpoint.connect();
        try {
            return new RspConnection(ch, endpoint.spec());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public String peer() {
        return peer;
    }

    /** Sends {@code $data#cs} and waits for the stub's '+', resending on '-'. */
    public void send(String data, Duration timeout) throws IOException {
        byte[] framed = RspCodec.frame(data);
        long deadline = deadline(timeout);
        for (int attempt = 0; attempt <= MAX_RESENDS; attempt++) {
            write(framed);
            packetsSent++;
            int ack = awaitAck(deadline, data);
            if (ack == '+') {
                return;
            }
        }
        throw new IOException("gdbstub " + peer + ": packet '" + abbreviate(data) + "' refused " + (MAX_RESENDS + 1) + " times");
    }

    /**
     * Pipelining: sends several packets in one write, then waits for each one's ack and reply in
     * order (QEMU handles packets one after another: ack, reply, ack, reply). A resend request for
     * a pipelined packet is an error. Every reply is acked as it is read, so no late ack can reach
     * the stub after a later {@code c} (QEMU stops a running VM on any byte).
     */
    public List<String> exchange(List<String> packets, Duration timeout) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String p : packets) {
            byte[] f = RspCodec.frame(p);
            all.write(f, 0, f.length);
        }
        write(all.toByteArray());
        packetsSent += packets.size();
        long deadline = deadline(timeout);
        List<String> replies = new java.util.ArrayList<>(packets.size());
        for (String p : packets) {
            if (awaitAck(deadline, p) != '+') {
                throw new IOException("gdbstub " + peer + ": pipelined packet '" + abbreviate(p) + "' refused");
            }
            byte[] r = early.isEmpty() ? null : early.poll();
            if (r == null) {
                r = receiveRaw(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            replies.add(new String(r, StandardCharsets.ISO_8859_1));
        }
        return replies;
    }

    /** Sends a packet without waiting for the ack (the stub may answer with a stop reply instead). */
    public void sendUnacked(String data) throws IOException {
        write(RspCodec.frame(data));
        packetsSent++;
    }

    /** Sends one raw byte, e.g. 0x03 (interrupt): no framing, no ack. */
    public void sendByte(int b) throws IOException {
        write(new byte[] {(byte) b});
    }

    /**
     * The next packet's data (run-length decoded, still escaped), acked; stray acks before it are
     * skipped. A bad checksum is answered with '-' and the stub resends.
     */
    public String receive(Duration timeout) throws IOException {
        byte[] raw = receiveRaw(timeout);
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** Like {@link #receive} but as bytes, for binary replies (qXfer). */
    public byte[] receiveRaw(Duration timeout) throws IOException {
        if (!early.isEmpty()) {
            return early.poll();
        }
        long deadline = deadline(timeout);
        while (true) {
            int b = nextByte(deadline);
            if (b != '$') {
                continue;   // '+', '-' or noise between packets
            }
            byte[] p = readPacketBody(deadline);
            if (p != null) {
                return p;
            }
        }
    }

    /** Whether a byte or packet is already waiting (no I/O). */
    public boolean hasInput() {
        return !early.isEmpty() || in.hasRemaining();
    }

    /**
     * Waits until input arrives, {@link #wakeup()} is called or {@code timeout} passes.
     *
     * @return true if input is waiting
     * @throws EOFException when the peer closed the connection
     */
    public boolean awaitInput(Duration timeout) throws IOException {
        if (hasInput()) {
            return true;
        }
        selector.select(Math.max(1, timeout.toMillis()));
        selector.selectedKeys().clear();
        return fillNow() > 0;
    }

    /** Makes a blocked {@link #awaitInput} return; callable from any thread. */
    public void wakeup() {
        selector.wakeup();
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long packetsReceived() {
        return packetsReceived;
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the socket at once (no detach); callable from any thread. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private int awaitAck(long deadline, String data) throws IOException {
        while (true) {
            int b = nextByte(deadline);
            if (b == '+' || b == '-') {
                return b;
            }
            if (b == '$') {
                // a packet before our ack (e.g. a stop reply racing our command): keep it for receive()
                byte[] p = readPacketBody(deadline);
                if (p != null) {
                    early.add(p);
                }
            }
        }
    }

    /** After '$': the body up to '#', two checksum digits; acks; null if the checksum was bad. */
    private byte[] readPacketBody(long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        int sum = 0;
        while (true) {
            int b = nextByte(deadline);
            if (b == '#') {
                break;
            }
            body.write(b);
            sum += b;
        }
        int hi = Character.digit(nextByte(deadline), 16);
        int lo = Character.digit(nextByte(deadline), 16);
        if (hi < 0 || lo < 0 || ((hi << 4) | lo) != (sum & 0xff)) {
            write(new byte[] {'-'});
            return null;
        }
        write(new byte[] {'+'});
        packetsReceived++;
        return RspCodec.decodeRunLength(body.toByteArray());
    }

    private int nextByte(long deadline) throws IOException {
        while (!in.hasRemaining()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new RspTimeoutException("gdbstub " + peer + ": no reply within the timeout");
            }
            if (fillNow() > 0) {
                break;
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        }
        return in.get() & 0xff;
    }

    /** Reads what is available without blocking; throws EOFException at end of stream. */
    private int fillNow() throws IOException {
        in.compact();
        int n;
        try {
            n = channel.read(in);
        } finally {
            in.flip();
        }
        if (n < 0) {
            throw new EOFException("gdbstub " + peer + ": connection closed by the peer");
        }
        return n;
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new RspTimeoutException("gdbstub " + peer + ": cannot write (peer not reading)");
                }
                LockSupport.parkNanos(200_000);
            }
        }
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
