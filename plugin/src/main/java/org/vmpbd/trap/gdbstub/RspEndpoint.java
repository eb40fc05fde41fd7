package org.vmpbd.trap.gdbstub;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.io.IOException;

/**
 * Where a gdbstub listens: {@code unix:/path/to/sock} (QEMU {@code -gdb unix:/path,server=on,wait=off})
 * or {@code tcp:host:port} ({@code -gdb tcp:127.0.0.1:1234}).
 */
public record RspEndpoint(String spec, SocketAddress address) {
    public static RspEndpoint parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty gdbstub endpoint");
        }
        if (spec.startsWith("unix:")) {
            String path = spec.substring(5);
            int comma = path.indexOf(',');
            if (comma >= 0) {
                path = path.substring(0, comma);
            }
            if (path.isEmpty()) {
                throw new IllegalArgumentException("gdbstub endpoint '" + spec + "': no socket path");
            }
            return new RspEndpoint(spec, UnixDomainSocketAddress.of(path));
        }
        if (spec.startsWith("tcp:")) {
            String rest = spec.substring(4);
            int comma = rest.indexOf(',');
            if (comma >= 0) {
                rest = rest.substring(0, comma);
            }
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("gdbstub endpoint '" + spec + "': expected tcp:host:port");
            }
            String host = rest.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("gdbstub endpoint '" + spec + "': bad port", e);
            }
            return new RspEndpoint(spec, new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port));
        }
        throw new IllegalArgumentException("gdbstub endpoint '" + spec + "': expected unix:/path or tcp:host:port");
    }

    /** A connected, blocking channel (connecting to a local socket does not block for long). */
    public SocketChannel connect() throws IOException {
        SocketChannel ch = address instanceof UnixDomainSocketAddress
            ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
        try {
            ch.connect(address);
            if (!(address instanceof UnixDomainSocketAddress)) {
                ch.socket().setTcpNoDelay(true);
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return spec;
    }
}
