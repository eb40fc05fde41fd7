package org.vmpbd.trap.tcglog;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.vmpbd.trap.gdbstub.RspEndpoint;

/**
 * QEMU's human monitor (HMP) on a socket ({@code -monitor unix:PATH,server=on,wait=off}): one command
 * at a time, each answer read up to the {@code (qemu) } prompt with a deadline, so a hung QEMU gives
 * an {@link IOException} rather than a hang. Thread-safe (commands are serialised).
 */
public final class HmpClient implements AutoCloseable {
    private static final byte[] PROMPT = "(qemu) ".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final Selector selector;
    private final String peer;
    private final Duration timeout;

    public HmpClient(RspEndpoint endpoint, Duration timeout) throws IOException {
        this.peer = endpoint.spec();
        this.timeout = timeout;
        this.channel = endpoint.connect();
        try {
            channel.configureBlocking(false);
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            readToPrompt();   // the banner
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Runs a command; its output without the echo, prompt and terminal escapes. */
    public synchronized String run(String command) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        String raw = readToPrompt().replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").replace("\r", "");
        int nl = raw.indexOf('\n');   // the echoed command line
        return nl < 0 ? "" : raw.substring(nl + 1);
    }

    private String readToPrompt() throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                throw new EOFException("monitor " + peer + " closed (QEMU gone?)");
            }
            if (n > 0) {
                got.write(buf.array(), 0, n);
                if (endsWithPrompt(got.toByteArray())) {
                    byte[] a = got.toByteArray();
                    return new String(a, 0, a.length - PROMPT.length, StandardCharsets.UTF_8);
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("monitor " + peer + ": no answer within " + timeout.toMillis() + " ms (QEMU hung?)");
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    private static boolean endsWithPrompt(byte[] a) {
        if (a.length < PROMPT.length) {
            return false;
        }
        for (int i = 0; i < PROMPT.length; i++) {
            if (a[a.length - PROMPT.length + i] != PROMPT[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
