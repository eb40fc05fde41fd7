package org.vmpbd.daemon.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmpbd.daemon.hook.HookFixtures.bytes;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HookServer} spoken to by a raw Java client: the protocol, malformed requests, the socket file. */
class HookServerTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;
    private Path socket;
    private final RecordingHookHandler handler = new RecordingHookHandler();
    private final List<AutoCloseable> open = new ArrayList<>();
    private HookLogCapture log;

    @BeforeEach
    void setUp() {
        socket = dir.resolve("run/hook.sock");
        log = new HookLogCapture();
        open.add(log);
    }

    @AfterEach
    void tearDown() throws Exception {
        handler.release();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private HookServer serve(HookServerSettings settings) throws IOException {
        HookServer server = new HookServer(settings, handler, Clock.fixed(NOW, ZoneOffset.UTC));
        open.add(0, server);
        server.start();
        return server;
    }

    private HookServer serve() throws IOException {
        return serve(HookServerSettings.at(socket).withMaxXmlBytes(1000));
    }

    /** Sends {@code request}, half-closes, and returns everything the server sends until it closes. */
    private String exchange(byte[] request) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                c.write(out);
            }
            c.shutdownOutput();
            return readToEnd(c);
        }
    }

    /** Like {@link #exchange}, but a server that closed before the request was written also answered nothing. */
    private String exchangeOrRefused(byte[] request) throws IOException {
        try {
            return exchange(request);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Broken pipe") || String.valueOf(e.getMessage()).contains("reset")) {
                return "";
            }
            throw e;
        }
    }

    /** Everything until the server closes (a hang guard of 30 s fails the test, it bounds nothing else). */
    private static String readToEnd(SocketChannel c) throws IOException {
        c.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(4096);
        try (Selector s = Selector.open()) {
            c.register(s, SelectionKey.OP_READ);
            long guard = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                int n;
                try {
                    n = c.read(in);
                } catch (IOException e) {
                    // the server closed with part of our request unread: Linux then resets the
                    // connection after what it had sent
                    break;
                }
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    assertTrue(System.nanoTime() < guard, "the server neither answered nor closed");
                    s.select(100);
                    s.selectedKeys().clear();
                }
            }
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
    }

    private static byte[] request(HookOp op, String name, String xml) {
        return bytes(new HookRequestHeader(op, op == HookOp.PREPARE || op == HookOp.STARTED ? "begin" : "end", name,
            bytes(xml).length).toWireLine() + xml);
    }

    @Test
    void prepareIsAnsweredWithOneLine() throws Exception {
        serve();
        assertEquals("ALLOW\n", exchange(request(HookOp.PREPARE, "web 1", "<domain/>")));
        HookCall call = handler.next();
        assertEquals(new HookCall(HookOp.PREPARE, "begin", "web 1", Optional.of("<domain/>"), false, NOW), call);

        handler.answering(c -> HookDecision.deny("digest mismatch"));
        assertEquals("DENY digest mismatch\n", exchange(request(HookOp.PREPARE, "web 1", "<domain/>")));
    }

    @Test
    void notificationsAreReadToTheEndAndGetNoAnswer() throws Exception {
        serve();
        for (HookOp op : List.of(HookOp.STARTED, HookOp.STOPPED, HookOp.RELEASE)) {
            assertEquals("", exchange(request(op, "web-1", "<domain>ü</domain>")), op.wireName());
            HookCall call = handler.next();
            assertEquals(op, call.op());
            assertEquals(Optional.of("<domain>ü</domain>"), call.xml());
        }
    }

    @Test
    void anOversizeRequestCarriesNoXml() throws Exception {
        serve();
        assertEquals("ALLOW\n", exchange(bytes("VMPBD-HOOK 1 prepare begin big -1\n")));
        HookCall call = handler.next();
        assertTrue(call.oversize());
        assertEquals(Optional.empty(), call.xml());
    }

    @Test
    void aDenyReasonIsOnePrintableLineOfAtMost400Bytes() throws Exception {
        handler.answering(c -> HookDecision.deny("line one\nline two\r\u0000\u202e" + "é".repeat(300)));
        serve();
        String answer = exchange(request(HookOp.PREPARE, "web-1", ""));
        assertTrue(answer.startsWith("DENY line one line two"), answer);
        assertEquals(1, answer.split("\n", -1).length - 1, "one line");
        byte[] reason = answer.substring("DENY ".length(), answer.length() - 1).getBytes(StandardCharsets.UTF_8);
        assertTrue(reason.length <= HookReply.MAX_REASON_BYTES, reason.length + " bytes");
        assertTrue(reason.length >= HookReply.MAX_REASON_BYTES - 1, "cut on a character boundary, not shorter");
        assertFalse(answer.contains("\u202e"));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
            Arguments.of("HELLO\n", "not a vmpbd hook request", false),
            Arguments.of("VMPBD-HOOK 2 prepare begin vm 0\n", "unsupported protocol version '2'", false),
            Arguments.of("VMPBD-HOOK 1 boot begin vm 0\n", "unknown operation 'boot'", false),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm%G1 0\n", "bad percent-encoding in the domain name at offset 2", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm%4 0\n", "bad percent-encoding in the domain name at offset 2", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin v$m 0\n", "the domain name has an unencoded character 0x24 at offset 1", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin %FF%FE 0\n", "the domain name is not valid UTF-8", true),
            Arguments.of("VMPBD-HOOK 1 prepare b%0 vm 0\n", "bad percent-encoding in the sub-operation", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin  0\n", "the domain name is empty", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm 1001\n", "the XML byte count 1001 exceeds the limit of 1000 bytes", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm 99999999999999\n", "the XML byte count 99999999999999 exceeds", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm 0x10\n", "the XML byte count '0x10' is not -1 or a decimal number", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm -2\n", "'-2' is not -1 or a decimal number", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm 0 extra\n", "the header has 7 space-separated fields", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm 10\nshort", "short body: the connection closed after 5 of 10 XML bytes", true),
            Arguments.of("VMPBD-HOOK 1 started begin vm 10\nabc", "short body: the connection closed after 3 of 10", false),
            Arguments.of("VMPBD-HOOK 1 prepare begin vm 0", "the header line is not terminated", true),
            Arguments.of("VMPBD-HOOK 1 prepare begin " + "A".repeat(9000), "the header line is longer than 8191 bytes", true),
            Arguments.of("\u0000\u0001\u00ff binary\n", "not a vmpbd hook request: expected 'VMPBD-HOOK 1 ...', got '\\x00\\x01", false));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void aMalformedRequestIsLoggedAndTheServerServesTheNextOne(String request, String problem, boolean denied)
            throws Exception {
        serve();
        String answer = exchange(request.getBytes(StandardCharsets.ISO_8859_1));
        if (denied) {
            assertTrue(answer.startsWith("DENY malformed request: ") && answer.contains(problem), answer);
        } else {
            assertEquals("", answer, "dropped without an answer");
        }
        String line = log.await("malformed hook request", problem);
        assertTrue(line.startsWith("ERROR"), line);
        assertFalse(line.contains("\n") || line.contains("\u0000"), "the request is escaped in the log: " + line);
        assertEquals(0, handler.received(), "a malformed request reached the handler");

        assertEquals("ALLOW\n", exchange(request(HookOp.PREPARE, "next", "<domain/>")));
        assertEquals("next", handler.next().domainName());
    }

    @Test
    void aSilentClientIsCutOffAtTheReadDeadline() throws Exception {
        serve(HookServerSettings.at(socket).withReadDeadline(Duration.ofMillis(300)));
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap(bytes("VMPBD-HOOK 1 prepare begin vm 5\nab")));
            // no shutdownOutput: the client just stops sending
            String answer = readToEnd(c);
            assertTrue(answer.startsWith("DENY malformed request: deadline of 300 ms passed while reading the XML (2 of 5"),
                answer);
        }
        log.await("malformed hook request", "deadline of 300 ms passed");
        assertEquals("ALLOW\n", exchange(request(HookOp.PREPARE, "next", "")));
    }

    @Test
    void aConnectionThatSendsNothingIsNoError() throws Exception {
        serve();
        assertEquals("", exchange(new byte[0]));
        assertEquals("ALLOW\n", exchange(request(HookOp.PREPARE, "next", "")));
        assertTrue(log.lines().stream().noneMatch(l -> l.startsWith("ERROR") || l.startsWith("WARN")), log.lines().toString());
    }

    @Test
    void aFailingHandlerSendsNoAnswerSoTheHookAppliesItsFailMode() throws Exception {
        handler.answering(c -> {
            throw new IllegalStateException("verdict store down");
        });
        serve();
        assertEquals("", exchange(request(HookOp.PREPARE, "web-1", "")));
        log.await("ERROR", "the hook handler failed on prepare of domain 'web-1'");

        handler.answering(c -> null);
        assertEquals("", exchange(request(HookOp.PREPARE, "web-1", "")));
        log.await("ERROR", "returned no decision");
    }

    @Test
    void aFailingNotifyIsLoggedAndTheServerGoesOn() throws Exception {
        HookHandler failing = new HookHandler() {
            @Override
            public HookDecision prepare(HookCall call) {
                return HookDecision.allow();
            }

            @Override
            public void notify(HookCall call) {
                throw new IllegalStateException("queue full");
            }
        };
        HookServer server = new HookServer(HookServerSettings.at(socket), failing);
        open.add(0, server);
        server.start();
        assertEquals("", exchange(request(HookOp.STOPPED, "web-1", "")));
        log.await("ERROR", "the hook handler failed on stopped of domain 'web-1'");
        assertEquals("ALLOW\n", exchange(request(HookOp.PREPARE, "web-1", "")));
    }

    @Test
    void connectionsBeyondWorkersAndQueueAreClosedUnanswered() throws Exception {
        handler.holdingPrepare();
        serve(new HookServerSettings(socket, Duration.ofSeconds(5), 1000, 1, 0));
        try (SocketChannel busy = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            busy.write(ByteBuffer.wrap(request(HookOp.PREPARE, "first", "")));
            assertEquals("first", handler.next().domainName());
            assertEquals("", exchangeOrRefused(request(HookOp.PREPARE, "second", "")));
            log.await("WARN", "too many hook connections waiting");
            handler.release();
            assertEquals("ALLOW\n", readToEnd(busy));
        }
        assertEquals(0, handler.received(), "the second request reached the handler");
    }

    @Test
    void theSocketIsRootOnlyAndRemovedOnClose() throws Exception {
        HookServer server = serve();
        assertEquals(socket.toAbsolutePath(), server.socket());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        server.close();
        assertFalse(Files.exists(socket));
        server.close();
        assertThrows(IllegalStateException.class, server::start, "a closed server does not restart");
    }

    @Test
    void aSecondServerOnALivePathIsRefused() throws Exception {
        serve();
        HookServer second = new HookServer(HookServerSettings.at(socket), handler);
        IOException e = assertThrows(IOException.class, second::start);
        assertEquals("another hook server is already listening on " + socket.toAbsolutePath()
            + " (is another vmpbd daemon running?)", e.getMessage());
        second.close();
        assertTrue(Files.exists(socket), "the refused server left the live socket alone");
        assertEquals("ALLOW\n", exchange(request(HookOp.PREPARE, "still-served", "")));
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a channel leaves its socket file: a stale socket");
        serve();
        assertEquals("ALLOW\n", exchange(request(HookOp.PREPARE, "web-1", "")));
        log.await("replaced the stale hook socket");
    }

    @Test
    void aFileThatIsNotASocketIsLeftAloneWithAClearError() throws Exception {
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "precious");
        HookServer server = new HookServer(HookServerSettings.at(socket), handler);
        IOException e = assertThrows(IOException.class, server::start);
        assertEquals("hook socket path " + socket.toAbsolutePath() + " exists and is not a socket; not replacing it",
            e.getMessage());
        assertEquals("precious", Files.readString(socket));
    }

    @Test
    void closeEndsConnectionsInFlight() throws Exception {
        handler.holdingPrepare();
        HookServer server = serve();
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap(request(HookOp.PREPARE, "web-1", "")));
            handler.next();
            server.close();
            // the handler is still held: only close's interrupt can have ended the connection
            String answer = readToEnd(c);
            assertTrue(answer.isEmpty() || answer.equals("ALLOW\n"), answer);
            assertTrue(handler.holding());
        }
        assertFalse(Files.exists(socket));
    }
}
