package org.vmpbd.daemon.hook;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link HookHandler} for tests: records every call, answers {@code prepare} with a function, and can hold
 * calls until {@link #release} (to show that the hook does not wait, or to be slower than its timeout).
 */
final class RecordingHookHandler implements HookHandler {
    private final BlockingQueue<HookCall> calls = new LinkedBlockingQueue<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile Function<HookCall, HookDecision> decide = call -> HookDecision.allow();
    private volatile boolean holdPrepare;
    private volatile boolean holdNotify;

    RecordingHookHandler answering(Function<HookCall, HookDecision> decide) {
        this.decide = decide;
        return this;
    }

    /** {@code prepare} waits for {@link #release} before answering. */
    RecordingHookHandler holdingPrepare() {
        this.holdPrepare = true;
        return this;
    }

    /** {@code notify} waits for {@link #release}. */
    RecordingHookHandler holdingNotify() {
        this.holdNotify = true;
        return this;
    }

    void release() {
        gate.countDown();
    }

    /** Whether held calls are still held. */
    boolean holding() {
        return gate.getCount() > 0;
    }

    @Override
    public HookDecision prepare(HookCall call) {
        calls.add(call);
        if (holdPrepare) {
            hold();
        }
        return decide.apply(call);
    }

    @Override
    public void notify(HookCall call) {
        calls.add(call);
        if (holdNotify) {
            hold();
        }
    }

    /** The next call received (a hang guard, not a timing assertion). */
    HookCall next() throws InterruptedException {
        HookCall call = calls.poll(30, TimeUnit.SECONDS);
        assertNotNull(call, "the handler received no call");
        return call;
    }

    /** The calls received so far, without waiting. */
    int received() {
        return calls.size();
    }

    private void hold() {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
