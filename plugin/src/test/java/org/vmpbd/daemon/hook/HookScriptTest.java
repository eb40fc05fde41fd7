package org.vmpbd.daemon.hook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmpbd.daemon.hook.HookFixtures.bytes;
import static org.vmpbd.daemon.hook.HookFixtures.novaDomain;
import static org.vmpbd.daemon.hook.HookFixtures.plainDomain;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmpbd.policy.TenantPolicy.FailMode;

/** The real hook script against a real {@link HookServer}, run as libvirtd runs it. */
class HookScriptTest {
    private static final String PROJECT = "3f1c0b7e9a2d4c5b8e6f7a8b9c0d1e2f";
    private static final String OTHER_PROJECT = "00000000000000000000000000000000";

    @TempDir
    Path dir;
    private Path socket;
    private HookPolicyFile policy;
    private final RecordingHookHandler handler = new RecordingHookHandler();
    private final List<HookServer> servers = new ArrayList<>();

    @BeforeEach
    void paths() {
        socket = dir.resolve("run/hook.sock");
        policy = new HookPolicyFile(dir.resolve("run/hook-policy"));
    }

    @AfterEach
    void stop() {
        handler.release();
        servers.forEach(HookServer::close);
    }

    private HookScriptRunner hook(int timeout, int maxXml, String... extraConf) throws IOException {
        return new HookScriptRunner(HookFixtures.writeConf(dir, socket, policy.path(), timeout, maxXml, extraConf), dir);
    }

    private HookScriptRunner hook() throws IOException {
        return hook(10, 4194304);
    }

    private void serve() throws IOException {
        HookServer server = new HookServer(HookServerSettings.at(socket), handler);
        servers.add(server);
        server.start();
    }

    @Test
    void compilesWithPerlBaseModulesOnly() throws Exception {
        Process check = new ProcessBuilder("perl", "-c", HookScriptRunner.SCRIPT.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), out);
        assertTrue(out.contains("syntax OK"), out);

        // Load it again with @INC cut down to perl-base's own directory: a module from perl-modules
        // (JSON::PP, Time::HiRes, ...) would fail with "Can't locate".
        Process load = new ProcessBuilder("perl", "-e",
            "BEGIN { @INC = grep { m{/perl-base\\z} } @INC; die \"no perl-base directory in \\@INC\\n\" unless @INC }"
                + " my $f = shift @ARGV; do $f; die $@ if $@;", HookScriptRunner.SCRIPT.toString())
            .redirectErrorStream(true).start();
        String loaded = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(load.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, load.exitValue(), loaded);
        assertEquals("", loaded);
        assertTrue(Files.isExecutable(HookScriptRunner.SCRIPT), "the hook must be executable in the checkout");
    }

    @Test
    void allowLetsTheDomainStartAndTheDaemonGetsTheCall() throws Exception {
        serve();
        String xml = novaDomain("web-1", PROJECT);
        HookScriptRunner.Result r = hook().run("web-1", "prepare", "begin", bytes(xml));
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("", r.stderr());
        assertEquals("", r.stdout());
        HookCall call = handler.next();
        assertEquals(HookOp.PREPARE, call.op());
        assertEquals("begin", call.subOp());
        assertEquals("web-1", call.domainName());
        assertEquals(Optional.of(xml), call.xml());
        assertFalse(call.oversize());
    }

    @Test
    void denyRefusesTheStartWithTheReasonOnStderr() throws Exception {
        handler.answering(call -> HookDecision.deny("image digest mismatch (expected sha256:ab12)"));
        serve();
        HookScriptRunner.Result r = hook().run("web-1", "prepare", "begin", bytes(novaDomain("web-1", PROJECT)));
        assertEquals(1, r.exit());
        assertEquals(List.of("vmpbd: refusing to start web-1: image digest mismatch (expected sha256:ab12)"),
            r.stderrLines());
        assertEquals("", r.stdout());
    }

    static Stream<String> hostileNames() {
        return Stream.of(
            "a b  c", "\"double\" and 'single' quotes", "$(touch PWNED)", "`touch PWNED`", ";touch PWNED;",
            "|touch PWNED", "&& touch PWNED", "x > PWNED", "*", "../../etc/passwd", "%41%zz%", "-n", "--help",
            "back\\slash", "tab\there", "日本語-vm", "émoji 🚀 vm", "%", "+plus+", "#hash");
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNamesArriveExactlyAndRunNothing(String template) throws Exception {
        Path pwned = dir.resolve("pwned");
        String name = template.replace("PWNED", pwned.toString());
        handler.answering(call -> HookDecision.deny("no"));
        serve();
        HookScriptRunner hook = hook();

        HookScriptRunner.Result prepare = hook.run(name, "prepare", "begin", bytes(plainDomain("x")));
        assertEquals(1, prepare.exit(), prepare.stderr());
        assertEquals(name, handler.next().domainName());
        assertEquals(1, prepare.stderrLines().size(), prepare.stderr());

        HookScriptRunner.Result started = hook.run(name, "started", "begin", bytes(plainDomain("x")));
        assertEquals(0, started.exit(), started.stderr());
        HookCall call = handler.next();
        assertEquals(HookOp.STARTED, call.op());
        assertEquals(name, call.domainName());
        assertFalse(Files.exists(pwned), "a name ran a command");
    }

    @Test
    void aNameCannotForgeLinesInLibvirtsMessage() throws Exception {
        handler.answering(call -> HookDecision.deny("blocked"));
        serve();
        String name = "evil\nvmpbd: domain started fine\r";
        HookScriptRunner.Result r = hook().run(name, "prepare", "begin", bytes(plainDomain("x")));
        assertEquals(1, r.exit());
        assertEquals(name, handler.next().domainName());
        assertEquals(List.of("vmpbd: refusing to start evil\\x0Avmpbd: domain started fine\\x0D: blocked"),
            r.stderrLines());
    }

    @Test
    void notificationsReturnAtOnceWhileTheDaemonIsStillBusyWithThem() throws Exception {
        handler.holdingNotify();
        serve();
        HookScriptRunner hook = hook();
        String xml = novaDomain("web-1", PROJECT);
        for (String op : List.of("started", "stopped", "release")) {
            String sub = op.equals("started") ? "begin" : "end";
            HookScriptRunner.Result r = hook.run("web-1", op, sub, bytes(xml));
            assertEquals(0, r.exit(), op + ": " + r.stderr());
            assertEquals("", r.stderr(), op);
            assertEquals("", r.stdout(), op);
            HookCall call = handler.next();
            assertEquals(op, call.op().wireName());
            assertEquals(sub, call.subOp());
            assertEquals(Optional.of(xml), call.xml());
            assertTrue(handler.holding(), "the hook exited while the handler still held " + op);
        }
    }

    @Test
    void notificationsExitZeroWhenTheDaemonIsDown() throws Exception {
        HookScriptRunner hook = hook();
        for (String op : List.of("started", "stopped", "release")) {
            HookScriptRunner.Result r = hook.run("web-1", op, "end", bytes(novaDomain("web-1", PROJECT)));
            assertEquals(0, r.exit(), op);
            assertEquals(1, r.stderrLines().size(), r.stderr());
            assertTrue(r.stderr().startsWith("vmpbd: warning: could not tell the vmpbd daemon about " + op + " of web-1"),
                r.stderr());
            assertEquals("", r.stdout());
        }
    }

    @Test
    void daemonDownWithoutPolicyFileFailsOpen() throws Exception {
        HookScriptRunner.Result r = hook().run("web-1", "prepare", "begin", bytes(novaDomain("web-1", PROJECT)));
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("vmpbd: warning: boot-integrity check unavailable for web-1"), r.stderr());
        assertTrue(r.stderr().contains("vmpbd daemon unreachable at " + socket), r.stderr());
        assertTrue(r.stderr().contains("fail mode open (no hook policy file " + policy.path() + ", built-in default)"),
            r.stderr());
    }

    @Test
    void daemonDownFailsClosedForAClosedProject() throws Exception {
        policy.write(FailMode.OPEN, Map.of(PROJECT, FailMode.CLOSED, OTHER_PROJECT, FailMode.OPEN), Optional.empty());
        HookScriptRunner hook = hook();

        HookScriptRunner.Result closed = hook.run("web-1", "prepare", "begin", bytes(novaDomain("web-1", PROJECT)));
        assertEquals(1, closed.exit(), closed.stderr());
        assertEquals(List.of("vmpbd: refusing to start web-1: boot-integrity check unavailable (vmpbd daemon unreachable"
            + " at " + socket + ": No such file or directory); fail mode closed (project " + PROJECT + ")"),
            closed.stderrLines());

        HookScriptRunner.Result open = hook.run("web-2", "prepare", "begin", bytes(novaDomain("web-2", OTHER_PROJECT)));
        assertEquals(0, open.exit(), open.stderr());
        assertTrue(open.stderr().contains("fail mode open (project " + OTHER_PROJECT + ")"), open.stderr());

        HookScriptRunner.Result unlisted = hook.run("plain", "prepare", "begin", bytes(plainDomain("plain")));
        assertEquals(0, unlisted.exit(), unlisted.stderr());
        assertTrue(unlisted.stderr().contains("fail mode open (default)"), unlisted.stderr());
    }

    @Test
    void theDefaultAppliesToDomainsWithoutAListedProject() throws Exception {
        policy.write(FailMode.CLOSED, Map.of(OTHER_PROJECT, FailMode.OPEN), Optional.empty());
        HookScriptRunner hook = hook();
        HookScriptRunner.Result plain = hook.run("plain", "prepare", "begin", bytes(plainDomain("plain")));
        assertEquals(1, plain.exit(), plain.stderr());
        assertTrue(plain.stderr().endsWith("fail mode closed (default)\n"), plain.stderr());
        HookScriptRunner.Result listed = hook.run("web", "prepare", "begin", bytes(novaDomain("web", OTHER_PROJECT)));
        assertEquals(0, listed.exit(), listed.stderr());
    }

    @Test
    void aDaemonSlowerThanTheTimeoutGetsTheFailMode() throws Exception {
        policy.write(FailMode.OPEN, Map.of(PROJECT, FailMode.CLOSED), Optional.empty());
        handler.holdingPrepare();
        serve();
        HookScriptRunner hook = hook(1, 4194304);

        HookScriptRunner.Result closed = hook.run("web-1", "prepare", "begin", bytes(novaDomain("web-1", PROJECT)));
        assertEquals(1, closed.exit(), closed.stderr());
        assertTrue(closed.stderr().contains("(no answer from the vmpbd daemon within 1 s); fail mode closed (project "
            + PROJECT + ")"), closed.stderr());
        assertTrue(handler.holding(), "the hook gave up because the handler was still holding");
        assertEquals("web-1", handler.next().domainName());

        HookScriptRunner.Result open = hook.run("web-2", "prepare", "begin", bytes(novaDomain("web-2", OTHER_PROJECT)));
        assertEquals(0, open.exit(), open.stderr());
        assertTrue(open.stderr().contains("no answer from the vmpbd daemon within 1 s"), open.stderr());
    }

    @Test
    void thePolicyFileTimeoutOverridesTheConfiguredOne() throws Exception {
        policy.write(FailMode.CLOSED, Map.of(), Optional.of(Duration.ofSeconds(1)));
        handler.holdingPrepare();
        serve();
        HookScriptRunner.Result r = hook(600, 4194304).run("web-1", "prepare", "begin", bytes(plainDomain("web-1")));
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("no answer from the vmpbd daemon within 1 s"), r.stderr());
        assertTrue(handler.holding());
    }

    @Test
    void stdinThatNeverEndsIsBoundedByTheTimeout() throws Exception {
        policy.write(FailMode.CLOSED, Map.of(), Optional.empty());
        serve();
        HookScriptRunner hook = hook(1, 4194304);
        HookScriptRunner.Started started = hook.start("web-1", "prepare", "begin");
        started.process().getOutputStream().write(bytes("<domain>"));
        started.process().getOutputStream().flush();
        HookScriptRunner.Result r = hook.await(started);
        started.process().getOutputStream().close();
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("(could not read the domain XML on stdin: not complete within the time limit);"
            + " fail mode closed (default)"), r.stderr());
        assertEquals(0, handler.received(), "nothing half-read was sent");
    }

    @Test
    void aHangOutsideTheDaemonExchangeIsCutByTheBackstop() throws Exception {
        // a FIFO without a writer: opening the policy file blocks for good
        Files.createDirectories(policy.path().getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", policy.path().toString()).start();
        assertTrue(mkfifo.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, mkfifo.exitValue());
        serve();
        HookScriptRunner.Result r = hook(1, 4194304).run("web-1", "prepare", "begin", bytes(plainDomain("web-1")));
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("(the hook itself did not finish within 1 s); starting it unchecked, fail mode open"
            + " (built-in default)"), r.stderr());
        assertEquals(0, handler.received());
    }

    @Test
    void aDaemonThatFailsOnPrepareGetsTheFailModeNotADeny() throws Exception {
        policy.write(FailMode.CLOSED, Map.of(), Optional.empty());
        handler.answering(call -> {
            throw new IllegalStateException("measurement store down");
        });
        serve();
        HookScriptRunner.Result r = hook().run("web-1", "prepare", "begin", bytes(plainDomain("web-1")));
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("(the vmpbd daemon closed the connection without an answer); fail mode closed"),
            r.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELLO\n", "ALLOW", "ALLOWED\n", "allow\n", "DENY\n", "\n"})
    void aGarbledAnswerGetsTheFailMode(String answer) throws Exception {
        policy.write(FailMode.CLOSED, Map.of(), Optional.empty());
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            fake.bind(UnixDomainSocketAddress.of(socket));
            HookScriptRunner.Started started = hook().start("web-1", "prepare", "begin");
            started.process().getOutputStream().close();
            try (SocketChannel c = fake.accept()) {
                c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
                c.shutdownOutput();
                HookScriptRunner.Result r = hook().await(started);
                assertEquals(1, r.exit(), r.stderr());
                assertTrue(r.stderr().startsWith("vmpbd: refusing to start web-1: boot-integrity check unavailable ("),
                    r.stderr());
                assertTrue(r.stderr().contains("answer") && r.stderr().contains("fail mode closed (default)"), r.stderr());
            }
        }
    }

    @Test
    void anOversizeXmlIsWithheldAndFlagged() throws Exception {
        handler.answering(call -> call.oversize() ? HookDecision.deny("domain XML too large to check") : HookDecision.allow());
        serve();
        HookScriptRunner hook = hook(10, 1000);
        String big = novaDomain("big", PROJECT).replace("</domain>", "<description>" + "x".repeat(5000)
            + "</description></domain>");

        HookScriptRunner.Result r = hook.run("big", "prepare", "begin", bytes(big));
        assertEquals(1, r.exit(), r.stderr());
        assertEquals(List.of("vmpbd: refusing to start big: domain XML too large to check"), r.stderrLines());
        HookCall call = handler.next();
        assertTrue(call.oversize());
        assertEquals(Optional.empty(), call.xml());

        HookScriptRunner.Result s = hook.run("big", "started", "begin", bytes(big));
        assertEquals(0, s.exit(), s.stderr());
        assertTrue(handler.next().oversize());

        HookScriptRunner.Result exact = hook.run("small", "stopped", "end", new byte[1000]);
        assertEquals(0, exact.exit(), exact.stderr());
        HookCall fits = handler.next();
        assertFalse(fits.oversize(), "exactly maxxml bytes fit");
        assertEquals(1000, fits.xml().orElseThrow().length());
    }

    @Test
    void aHugeStdinIsNotReadToTheEnd() throws Exception {
        serve();
        byte[] huge = new byte[24 << 20];
        java.util.Arrays.fill(huge, (byte) 'x');
        HookScriptRunner.Result r = hook(10, 4096).run("huge", "prepare", "begin", huge);
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(handler.next().oversize());
    }

    @Test
    void anOversizeXmlStillYieldsTheProjectForTheFailMode() throws Exception {
        policy.write(FailMode.OPEN, Map.of(PROJECT, FailMode.CLOSED), Optional.empty());
        String big = novaDomain("big", PROJECT) + "<!--" + "y".repeat(5000) + "-->";
        HookScriptRunner.Result r = hook(10, 2000).run("big", "prepare", "begin", bytes(big));
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("fail mode closed (project " + PROJECT + ")"), r.stderr());
    }

    @Test
    void binaryGarbageOnStdinIsPassedOnUnharmed() throws Exception {
        serve();
        byte[] garbage = new byte[70000];
        new Random(42).nextBytes(garbage);
        System.arraycopy(bytes("<nova:project uuid=\"\0\n<<"), 0, garbage, 100, 24);
        HookScriptRunner hook = hook();

        HookScriptRunner.Result r = hook.run("junk", "prepare", "begin", garbage);
        assertEquals(0, r.exit(), r.stderr());
        HookCall call = handler.next();
        assertEquals(Optional.of(new String(garbage, StandardCharsets.UTF_8)), call.xml());

        HookScriptRunner.Result malformed = hook.run("m", "release", "end",
            bytes("<domain><metadata><nova:project uuid='" + PROJECT + "'"));
        assertEquals(0, malformed.exit(), malformed.stderr());
        assertEquals(HookOp.RELEASE, handler.next().op());
    }

    @Test
    void anEmptyStdinSendsAnEmptyXml() throws Exception {
        serve();
        HookScriptRunner.Result r = hook().run("web-1", "prepare", "begin", new byte[0]);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(Optional.of(""), handler.next().xml());
    }

    @ParameterizedTest
    @ValueSource(strings = {"start", "migrate", "restore", "reconnect", "attach", "Prepare", "prepare ", "started2", ""})
    void otherOperationsExitAtOnceWithoutReadingOrConnecting(String op) throws Exception {
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            listener.configureBlocking(false);
            HookScriptRunner hook = hook();
            HookScriptRunner.Started started = hook.start("web-1", op, "begin");
            // stdin stays open and unwritten: a hook that read it would hang here
            HookScriptRunner.Result r = hook.await(started);
            started.process().getOutputStream().close();
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("", r.stderr());
            assertEquals("", r.stdout(), "libvirt reads the stdout of migrate/restore as XML");
            assertNull(listener.accept(), "the hook connected for '" + op + "'");
        }
    }

    @Test
    void missingArgumentsExitZero() throws Exception {
        Process p = new ProcessBuilder("perl", HookScriptRunner.SCRIPT.toString(), "web-1").start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void badConfigurationValuesAreNamedAndReplacedByDefaults() throws Exception {
        serve();
        HookScriptRunner hook = hook(10, 4194304, "timeout=forever", "colour=blue");
        HookScriptRunner.Result r = hook.run("web-1", "prepare", "begin", bytes(plainDomain("web-1")));
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("hook.conf line 6: timeout must be whole seconds from 1 to 600; using 10"),
            r.stderr());
        assertTrue(r.stderr().contains("hook.conf line 7: ignoring 'colour=blue'"), r.stderr());
        assertEquals("web-1", handler.next().domainName());
    }

    @Test
    void aMalformedPolicyLineIsNamedAndSkipped() throws Exception {
        Files.createDirectories(policy.path().getParent());
        Files.writeString(policy.path(), "default closed\nproject " + PROJECT + " sometimes\nproject bad id open\n");
        HookScriptRunner.Result r = hook().run("web-1", "prepare", "begin", bytes(novaDomain("web-1", PROJECT)));
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains(policy.path() + " line 2: ignoring 'project " + PROJECT + " sometimes'"),
            r.stderr());
        assertTrue(r.stderr().contains(policy.path() + " line 3: ignoring"), r.stderr());
        assertTrue(r.stderr().contains("fail mode closed (default)"), r.stderr());
    }

    @Test
    void theWholeRequestIsWhatTheProtocolSays() throws Exception {
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            fake.bind(UnixDomainSocketAddress.of(socket));
            HookScriptRunner hook = hook();
            HookScriptRunner.Result r = hook.run("a b/ü", "started", "begin", bytes("<d/>"));
            assertEquals(0, r.exit(), r.stderr());
            try (SocketChannel c = fake.accept()) {
                ByteBuffer all = ByteBuffer.allocate(4096);
                while (c.read(all) >= 0) {
                    // until the hook's close
                }
                byte[] got = java.util.Arrays.copyOf(all.array(), all.position());
                assertArrayEquals(bytes("VMPBD-HOOK 1 started begin a%20b%2F%C3%BC 4\n<d/>"), got);
            }
        }
    }
}
