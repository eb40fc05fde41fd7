package org.vmpbd.trap.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A QEMU human monitor on a Unix socket ({@code -monitor unix:PATH,server=on,wait=off}), for tests. */
public final class HmpMonitor implements AutoCloseable {
    private final SocketChannel ch;
    private final InputStream in;
    private final OutputStream out;

    public HmpMonitor(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        in = Channels.newInputStream(ch);
        out = Channels.newOutputStream(ch);
        readPrompt();
    }

    /** Runs a command and returns its output (without the echo and prompt). */
    public String run(String command) throws IOException {
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String s = readPrompt();
        return s.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
    }

    private String readPrompt() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] prompt = "(qemu) ".getBytes(StandardCharsets.US_ASCII);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("monitor closed");
            }
            b.write(c);
            byte[] a = b.toByteArray();
            if (a.length >= prompt.length) {
                boolean end = true;
                for (int i = 0; i < prompt.length; i++) {
                    if (a[a.length - prompt.length + i] != prompt[i]) {
                        end = false;
                        break;
                    }
                }
                if (end) {
                    return new String(a, 0, a.length - prompt.length, StandardCharsets.UTF_8);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
