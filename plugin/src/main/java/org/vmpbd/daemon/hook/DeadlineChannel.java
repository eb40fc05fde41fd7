package org.vmpbd.daemon.hook;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A connected socket read and written against a deadline: the channel is non-blocking and every wait
 * goes through a private {@link Selector}, so a silent or slow peer costs at most the time left.
 * Not thread-safe: one connection thread owns it.
 */
final class DeadlineChannel implements Closeable {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer head;
    private long deadlineNanos;
    private Duration budget = Duration.ZERO;

    /**
     * @param channel       a connected channel (made non-blocking here)
     * @param maxLineBytes  the longest line {@link #readLine} accepts, its {@code \n} included
     */
    DeadlineChannel(SocketChannel channel, int maxLineBytes) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
        this.head = ByteBuffer.allocate(maxLineBytes);
    }

    /** Starts a deadline of {@code budget} from now for the reads and writes that follow. */
    void deadline(Duration budget) {
        this.budget = budget;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    /**
     * The next line without its {@code \n}, its bytes as ISO-8859-1 characters. Bytes read past the line
     * stay buffered for {@link #readExactly}.
     *
     * @throws EOFException           the peer closed before sending a single byte
     * @throws HookProtocolException  the line is too long, unterminated, or the deadline passed
     */
    String readLine() throws IOException, HookProtocolException {
        while (true) {
            for (int i = 0; i < head.position(); i++) {
                if (head.get(i) == '\n') {
                    String line = new String(head.array(), 0, i, StandardCharsets.ISO_8859_1);
                    head.flip().position(i + 1);
                    head.compact();
                    return line;
                }
            }
            if (!head.hasRemaining()) {
                throw new HookProtocolException("the header line is longer than " + (head.capacity() - 1) + " bytes");
            }
            int n = channel.read(head);
            if (n < 0) {
                if (head.position() == 0) {
                    throw new EOFException("closed before sending a request");
                }
                throw new HookProtocolException("the header line is not terminated (the connection closed after "
                    + head.position() + " bytes)");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, () -> "reading the header line (" + head.position() + " bytes so far)");
            }
        }
    }

    /** The bytes of the first unterminated line so far (for an error message about it). */
    String pendingText() {
        return new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
    }

    /** Exactly {@code count} bytes, or a protocol error naming how many came. */
    byte[] readExactly(int count) throws IOException, HookProtocolException {
        byte[] body = new byte[count];
        head.flip();
        int have = Math.min(count, head.remaining());
        head.get(body, 0, have);
        head.compact();
        ByteBuffer rest = ByteBuffer.wrap(body, have, count - have);
        while (rest.hasRemaining()) {
            int n = channel.read(rest);
            if (n < 0) {
                throw new HookProtocolException("short body: the connection closed after " + rest.position()
                    + " of " + count + " XML bytes");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, () -> "reading the XML (" + rest.position() + " of " + count + " bytes)");
            }
        }
        return body;
    }

    /** Writes all of {@code data}. */
    void writeFully(byte[] data) throws IOException, HookProtocolException {
        ByteBuffer out = ByteBuffer.wrap(data);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, () -> "writing the answer");
            }
        }
    }

    private void await(int op, Supplier<String> doing) throws IOException, HookProtocolException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new HookProtocolException("deadline of " + budget.toMillis() + " ms passed while " + doing.get());
        }
        key.interestOps(op);
        selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
        key.interestOps(0);
        selector.selectedKeys().clear();
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("the hook server is shutting down");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
