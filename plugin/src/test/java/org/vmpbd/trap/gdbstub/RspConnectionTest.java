package org.vmpbd.trap.gdbstub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packet layer against a scripted fake stub on a Unix socket. */
class RspConnectionTest {
    @TempDir
    Path dir;

    /** A stub that runs {@code script} on the accepted connection. */
    private interface Script {
        void run(InputStream in, OutputStream out) throws Exception;
    }

    private RspConnection connect(Script script) throws Exception {
        Path sock = dir.resolve("stub.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        CompletableFuture.runAsync(() -> {
            try (server; SocketChannel c = server.accept()) {
                script.run(Channels.newInputStream(c), Channels.newOutputStream(c));
            } catch (Exception ignored) {
                // the stub ends
            }
        });
        return RspConnection.open(RspEndpoint.parse("unix:" + sock));
    }

    private static String readPacket(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '$') {
            if (c < 0) {
                throw new EOFException();
            }
        }
        while ((c = in.read()) != '#') {
            sb.append((char) c);
        }
        in.read();
        in.read();
        return sb.toString();
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void acksResendsChecksumsAndRunLength() throws Exception {
        try (RspConnection c = connect((in, out) -> {
            assertEquals("g", readPacket(in));
            write(out, "-");                       // ask for a resend
            assertEquals("g", readPacket(in));
            write(out, "+");
            write(out, "$0* #00");                 // bad checksum: the client must say '-'
            assertEquals('-', in.read());
            write(out, new String(RspCodec.frame("0* "), StandardCharsets.ISO_8859_1));
            assertEquals('+', in.read());
            Thread.sleep(5000);
        })) {
            c.send("g", Duration.ofSeconds(2));
            assertEquals("0000", c.receive(Duration.ofSeconds(2)));
        }
    }

    @Test
    void aSilentPeerTimesOutAndAClosedOneIsEof() throws Exception {
        try (RspConnection c = connect((in, out) -> {
            readPacket(in);
            write(out, "+");
            Thread.sleep(1500);                     // never answers in time
        })) {
            c.send("g", Duration.ofSeconds(2));
            long t0 = System.nanoTime();
            assertThrows(RspTimeoutException.class, () -> c.receive(Duration.ofMillis(300)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 250 && ms < 1200, "timeout took " + ms + " ms");
            // then the stub closes
            assertThrows(EOFException.class, () -> c.receive(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aStopReplyRacingTheAckIsKept() throws Exception {
        try (RspConnection c = connect((in, out) -> {
            readPacket(in);
            write(out, new String(RspCodec.frame("T05thread:p01.01;"), StandardCharsets.ISO_8859_1));
            assertEquals('+', in.read());
            write(out, "+");
            write(out, new String(RspCodec.frame("OK"), StandardCharsets.ISO_8859_1));
            in.read();
            Thread.sleep(2000);
        })) {
            c.send("z1,ffffffff81c00080,1", Duration.ofSeconds(2));
            assertEquals("T05thread:p01.01;", c.receive(Duration.ofSeconds(2)));
            assertEquals("OK", c.receive(Duration.ofSeconds(2)));
        }
    }

    @Test
    void monitorOutputAndEscapedFeatureDocuments() throws Exception {
        try (RspConnection conn = connect((in, out) -> {
            assertEquals("qSupported:multiprocess+;xmlRegisters=i386;swbreak+;hwbreak+", readPacket(in));
            write(out, "+" + new String(RspCodec.frame("PacketSize=1000;qXfer:features:read+;multiprocess+"), StandardCharsets.ISO_8859_1));
            in.read();
            assertTrue(readPacket(in).startsWith("qRcmd,"));
            write(out, "+" + new String(RspCodec.frame("O" + RspCodec.hex("IDT=     fffffe0000000000 00000fff\n".getBytes())),
                StandardCharsets.ISO_8859_1));
            in.read();
            write(out, new String(RspCodec.frame("OK"), StandardCharsets.ISO_8859_1));
            in.read();
            assertTrue(readPacket(in).startsWith("qXfer:features:read:x.xml:0,"));
            // "a}b" escaped: '}' is sent as 0x7d 0x5d
            write(out, "+" + new String(RspCodec.frame("la}]b"), StandardCharsets.ISO_8859_1));
            in.read();
            Thread.sleep(2000);
        }); RspClient client = new RspClient(conn, Duration.ofSeconds(2))) {
            assertEquals("1000", client.handshake().get("PacketSize"));
            assertEquals(4096, client.packetSize());
            assertTrue(client.monitor("info registers").startsWith("IDT="));
            assertEquals("a}b", client.readFeature("x.xml"));
        }
    }
}
