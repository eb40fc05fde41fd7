package org.vmpbd.action;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.outbox.Outbox;
import org.vmpbd.outbox.OutboxConsumer;
import org.vmpbd.outbox.OutboxRecord;
import org.vmpbd.policy.TenantPolicy;

/**
 * Carries out {@code action-request} records from the outbox with the {@link VmAction}s of this host and
 * records each outcome as an {@code action} record naming the request. A request redelivered after a crash
 * (its outcome already recorded) is not carried out again. Actions this host has no implementation for
 * (e.g. {@code metadata} without OpenStack) are recorded as not done, with the reason. A hypervisor failure
 * is retried by the dispatcher; a malformed request is a final failure.
 */
public final class ActionExecutor implements OutboxConsumer {
    public static final String REQUEST = "action-request";
    public static final String OUTCOME = "action";
    private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);
    private static final int SCAN = 512;

    private final Outbox outbox;
    private final Map<TenantPolicy.Action, VmAction> actions = new EnumMap<>(TenantPolicy.Action.class);
    private final BiConsumer<String, String> outcomes;

    /** @param outcomes told (action, {@code done} | {@code not-done}) after each recorded outcome, e.g. for metrics */
    public ActionExecutor(Outbox outbox, Set<VmAction> actions, BiConsumer<String, String> outcomes) {
        this.outbox = outbox;
        this.outcomes = outcomes;
        for (VmAction a : actions) {
            this.actions.put(a.kind(), a);
        }
    }

    @Override
    public String name() {
        return "actions";
    }

    @Override
    public boolean wants(String kind) {
        return REQUEST.equals(kind);
    }

    @Override
    public void consume(OutboxRecord record) throws Exception {
        ActionRequest r;
        try {
            r = ActionRequest.of(record.seq(), record.body());
        } catch (IllegalArgumentException e) {
            throw new FinalFailure(e.getMessage());
        }
        if (alreadyDone(r.seq())) {
            LOG.info("action request #{} was carried out before a restart; not again", r.seq());
            return;
        }
        VmAction action = actions.get(r.action());
        ActionOutcome outcome;
        if (action == null) {
            outcome = ActionOutcome.notDone(r.action().wireName() + " is not available on this host"
                + (r.action() == TenantPolicy.Action.METADATA ? " (instance metadata needs OpenStack); the verdict is in the outbox" : ""));
        } else {
            try {
                outcome = action.apply(r);
            } catch (HypervisorException e) {
                if (e.getMessage() != null && e.getMessage().contains("no domain")) {
                    outcome = ActionOutcome.notDone("the VM is gone: " + e.getMessage());
                } else {
                    throw e;
                }
            }
        }
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("request", r.seq());
        b.put("domain", r.domain());
        b.put("uuid", r.uuid());
        b.put("action", r.action().wireName());
        b.put("level", r.level());
        b.put("done", outcome.done());
        b.put("detail", outcome.detail());
        outbox.append(OUTCOME, r.uuid(), b);
        outcomes.accept(r.action().wireName(), outcome.done() ? "done" : "not-done");
        LOG.info("{} {} on {}: {}", outcome.done() ? "did" : "could not do", r.action().wireName(), r.domain(), outcome.detail());
    }

    /** Whether an {@code action} record for request {@code seq} follows it already. */
    private boolean alreadyDone(long seq) throws IOException {
        long from = seq + 1;
        while (from <= outbox.lastSeq()) {
            List<OutboxRecord> rs = outbox.read(from, SCAN);
            if (rs.isEmpty()) {
                return false;
            }
            for (OutboxRecord o : rs) {
                if (OUTCOME.equals(o.kind()) && o.body().path("request").asLong(-1) == seq) {
                    return true;
                }
            }
            from = rs.get(rs.size() - 1).seq() + 1;
        }
        return false;
    }
}
