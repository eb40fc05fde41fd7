package org.vmpbd.daemon.hook;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hook request on one connection: reads and checks the header and the XML against the deadline, hands
 * the call to the {@link HookHandler} and, for {@code prepare}, writes the answer. Malformed requests are
 * logged with what is wrong; one that announces a {@code prepare} is answered {@code DENY malformed request:
 * ...}, any other is dropped. A handler that throws gets no answer sent: the hook applies its fail mode.
 */
final class HookConnection implements Runnable {
    /** The longest header line, its {@code \n} included. */
    static final int MAX_HEADER_BYTES = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(HookConnection.class);

    private final SocketChannel channel;
    private final HookServerSettings settings;
    private final HookHandler handler;
    private final Clock clock;

    HookConnection(SocketChannel channel, HookServerSettings settings, HookHandler handler, Clock clock) {
        this.channel = channel;
        this.settings = settings;
        this.handler = handler;
        this.clock = clock;
    }

    @Override
    public void run() {
        try (DeadlineChannel in = new DeadlineChannel(channel, MAX_HEADER_BYTES)) {
            in.deadline(settings.readDeadline());
            serve(in);
        } catch (IOException e) {
            LOG.warn("hook connection failed: {}", e.toString());
        }
    }

    /** Closes the connection unanswered (it never got a thread: the server is closing). */
    void abandon() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing an abandoned hook connection: {}", e.toString());
        }
    }

    private void serve(DeadlineChannel in) throws IOException {
        String line;
        try {
            line = in.readLine();
        } catch (EOFException e) {
            LOG.debug("hook connection closed before sending a request");
            return;
        } catch (HookProtocolException e) {
            reject(in, in.pendingText(), e);
            return;
        }
        HookRequestHeader header;
        byte[] xml;
        try {
            header = HookRequestHeader.parse(line, settings.maxXmlBytes());
            xml = header.oversize() ? null : in.readExactly(header.xmlBytes());
        } catch (HookProtocolException e) {
            reject(in, line, e);
            return;
        }
        HookCall call = new HookCall(header.op(), header.subOp(), header.domainName(),
            Optional.ofNullable(xml).map(b -> new String(b, StandardCharsets.UTF_8)), header.oversize(),
            clock.instant());
        if (header.op().expectsReply()) {
            answer(in, call);
        } else {
            deliver(call);
        }
    }

    private void answer(DeadlineChannel out, HookCall call) throws IOException {
        HookDecision decision;
        try {
            decision = handler.prepare(call);
        } catch (RuntimeException e) {
            LOG.error("the hook handler failed on prepare of domain '{}'; no answer sent, the hook applies its fail mode",
                WireText.shown(call.domainName(), 200), e);
            return;
        }
        if (decision == null) {
            LOG.error("the hook handler returned no decision for prepare of domain '{}'; no answer sent, the hook"
                + " applies its fail mode", WireText.shown(call.domainName(), 200));
            return;
        }
        out.deadline(settings.readDeadline());
        try {
            out.writeFully(HookReply.encode(decision));
        } catch (HookProtocolException | IOException e) {
            LOG.warn("could not answer prepare of domain '{}' ({}): {}; the hook has likely given up already",
                WireText.shown(call.domainName(), 200), decision.allowed() ? "allow" : "deny", e.getMessage());
        }
    }

    private void deliver(HookCall call) {
        try {
            handler.notify(call);
        } catch (RuntimeException e) {
            LOG.error("the hook handler failed on {} of domain '{}'", call.op().wireName(),
                WireText.shown(call.domainName(), 200), e);
        }
    }

    private void reject(DeadlineChannel out, String line, HookProtocolException problem) {
        boolean prepare = HookRequestHeader.looksLikePrepare(line);
        LOG.error("malformed hook request '{}': {}{}", WireText.shown(line, 120), problem.getMessage(),
            prepare ? " (answered DENY)" : " (dropped)");
        if (!prepare) {
            return;
        }
        try {
            out.deadline(settings.readDeadline());
            out.writeFully(HookReply.malformed(problem.getMessage()));
        } catch (HookProtocolException | IOException e) {
            LOG.debug("could not answer the malformed request: {}", e.getMessage());
        }
    }
}
