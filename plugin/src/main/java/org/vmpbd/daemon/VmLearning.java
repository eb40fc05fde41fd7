package org.vmpbd.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.model.CaptureInfo;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.Learner;
import org.vmpbd.model.LearningScope;
import org.vmpbd.model.LearningSettings;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapSession;

/**
 * Learning mode for a VM whose image has no active model (policy {@code model.learning.enabled}): the trap
 * session's events feed a {@link Learner} of the image-wide model {@code (image, *)} — the model the daemon's
 * detection uses — with the policy's window length, IDF variant, syscall filter, convergence
 * ({@code model.learning.convergenceWindows} stable batches) and time limit; on convergence the version is
 * promoted, and detection starts on the same session. Each batch and the end are journal records.
 */
final class VmLearning {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int BATCH = 8192;

    private final VmIdentity vm;
    private final ModelStore store;
    private final Journal journal;

    VmLearning(VmIdentity vm, ModelStore store, Journal journal) {
        this.vm = vm;
        this.store = store;
        this.journal = journal;
    }

    /** The settings a tenant's policy asks for; promotion on convergence (detection follows at once). */
    static LearningSettings settings(TenantPolicy policy) {
        TenantPolicy.Model m = policy.model();
        Abi abi = Abis.byName(policy.detection().abi());
        return new LearningSettings(abi, m.m(), m.idf(), policy.detection().filter(), LearningSettings.DEFAULT_BATCH,
            LearningSettings.DEFAULT_GROWTH, m.learning().convergenceWindows(), m.learning().maxDuration(),
            LearningSettings.DEFAULT_CORPUS_MAX_CALLS, LearningSettings.DEFAULT_MAX_PROCESS_CALLS,
            LearningSettings.Promotion.ON_CONVERGENCE);
    }

    /**
     * Learns until the key's learning ends, the session finishes or {@code stop} says so.
     *
     * @return whether the image-wide key has an active version now
     */
    boolean learn(TrapSession session, TenantPolicy policy, BooleanSupplier stop) throws IOException, InterruptedException {
        LearningSettings settings = settings(policy);
        SyscallFilter filter = settings.filter();
        LearningScope scope = LearningScope.imageWide(vm.modelImage());
        ModelKey key = scope.keys().get(0);
        Learner.Listener listener = new Learner.Listener() {
            @Override
            public void batch(ModelKey k, Learner.BatchReport r) {
                ObjectNode b = Journal.about(vm);
                b.put("state", "learning");
                b.put("model", k.toString());
                b.put("batch", r.batch());
                b.put("growth", r.growth());
                b.put("stableStreak", r.stableStreak());
                journal.record("learning", vm, b);
            }

            @Override
            public void ended(ModelKey k, KeyIndex.Version v) {
                ObjectNode b = Journal.about(vm);
                b.put("state", "learnt");
                b.put("model", k + " v" + v.version());
                b.put("modelState", v.state().name().toLowerCase(java.util.Locale.ROOT));
                journal.record("learning", vm, b);
            }
        };
        try (Learner learner = new Learner(store, scope, settings, new CaptureInfo(settings.abi(), filter),
            "vmpbd serve", listener)) {
            long lastTick = System.nanoTime();
            while (!learner.done() && !stop.getAsBoolean()) {
                boolean finished = session.finished();
                List<SyscallEvent> events = session.poll(BATCH, POLL);
                for (SyscallEvent e : events) {
                    if (filter == null || filter.keeps(e.nr())) {
                        learner.accept(e);
                    }
                    if (learner.done()) {
                        break;
                    }
                }
                if (System.nanoTime() - lastTick > Duration.ofSeconds(10).toNanos()) {
                    learner.tick();
                    lastTick = System.nanoTime();
                }
                if (finished && events.isEmpty()) {
                    break;
                }
            }
            learner.tick();
        }
        return store.find(key).map(i -> i.active().isPresent()).orElse(false);
    }
}
