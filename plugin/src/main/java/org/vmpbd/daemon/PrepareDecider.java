package org.vmpbd.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vmpbd.daemon.hook.HookDecision;
import org.vmpbd.libvirt.DomainXmlException;
import org.vmpbd.policy.EffectivePolicy;
import org.vmpbd.policy.PolicyResolver;
import org.vmpbd.policy.TenantPolicy;

/**
 * Decides whether a domain may start (the hook's {@code prepare}): with the tenant's policy, a VM whose
 * monitoring cannot run (no such trap driver here, gdbstub forbidden on Nova) or whose boot check fails or
 * cannot be made is refused when the policy says {@code failMode: closed} (a failed check: when
 * {@code integrity.onMismatch: block}), else allowed and recorded. The boot check is bounded by the prepare
 * timeout. An unreadable or oversized domain XML falls to the default policy's fail mode. Every decision is a
 * {@code hook} record in the journal.
 */
public final class PrepareDecider implements AutoCloseable {
    private final PolicyResolver policies;
    private final Identities identities;
    private final Map<String, TrapAttacher> attachers;
    private final BootIntegrity integrity;
    private final Journal journal;
    private final Duration timeout;
    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vmpbd-boot-check");
        t.setDaemon(true);
        return t;
    });

    public PrepareDecider(PolicyResolver policies, Identities identities, Map<String, TrapAttacher> attachers,
                          BootIntegrity integrity, Journal journal, Duration timeout) {
        this.policies = policies;
        this.identities = identities;
        this.attachers = Map.copyOf(attachers);
        this.integrity = integrity;
        this.journal = journal;
        this.timeout = timeout;
    }

    /**
     * @param xml  the domain XML from the hook, or null when it was over the size limit
     * @param name the domain's name as libvirt gave it
     */
    public HookDecision decide(String name, String xml) {
        VmIdentity vm;
        if (xml == null) {
            return unreadable(name, "its domain XML is over the hook's size limit");
        }
        try {
            vm = identities.of(xml, "hook stdin for domain " + name);
        } catch (DomainXmlException e) {
            return unreadable(name, e.getMessage());
        }
        EffectivePolicy eff = policies.forProject(vm.projectId(), vm.projectName());
        TenantPolicy p = eff.policy();
        String policyName = eff.tenantFile() == null ? "the default policy" : eff.tenantFile();
        if (!p.monitoring().enabled()) {
            return record(vm, HookDecision.allow(), "monitoring off in " + policyName);
        }
        boolean closed = p.failMode() == TenantPolicy.FailMode.CLOSED;
        String driver = p.trap().driver();
        String cannot = null;
        if (!attachers.containsKey(driver)) {
            cannot = "trap driver '" + driver + "' is not available on this host";
        } else if (!p.trap().driverAllowed(vm.nova())) {
            cannot = "the gdbstub driver is not allowed on a Nova VM (trap.allowGdbstubOnNova: false)";
        }
        if (cannot != null) {
            return failMode(vm, closed, "monitoring cannot run: " + cannot + " (" + policyName + ", failMode: closed)",
                "monitoring cannot run: " + cannot + "; allowed unmonitored (failMode: open)");
        }
        BootIntegrity.Verdict v = check(vm, xml, p);
        return switch (v.result()) {
            case PASS -> record(vm, HookDecision.allow(), "boot check passed: " + v.detail());
            case FAIL -> p.integrity().onMismatch() == TenantPolicy.OnMismatch.BLOCK
                ? record(vm, HookDecision.deny("boot integrity check failed: " + v.detail() + " (" + policyName
                    + ", integrity.onMismatch: block)"), v.detail())
                : record(vm, HookDecision.allow(), "boot integrity check failed: " + v.detail()
                    + "; allowed for quarantine (integrity.onMismatch: quarantine)");
            case UNAVAILABLE -> failMode(vm, closed, "boot integrity cannot be checked: " + v.detail() + " (" + policyName
                + ", failMode: closed)", "boot integrity not checked: " + v.detail() + " (failMode: open)");
        };
    }

    private BootIntegrity.Verdict check(VmIdentity vm, String xml, TenantPolicy p) {
        Future<BootIntegrity.Verdict> f = checks.submit(() -> integrity.check(vm, xml, p));
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new BootIntegrity.Verdict(BootIntegrity.Result.UNAVAILABLE, "the check took longer than "
                + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new BootIntegrity.Verdict(BootIntegrity.Result.UNAVAILABLE, "the check failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BootIntegrity.Verdict(BootIntegrity.Result.UNAVAILABLE, "interrupted");
        }
    }

    private HookDecision unreadable(String name, String why) {
        TenantPolicy p = policies.forProject(null, null).policy();
        VmIdentity vm = new VmIdentity(name, "unknown", null, null, null, null, false);
        return failMode(vm, p.failMode() == TenantPolicy.FailMode.CLOSED,
            "cannot tell whose VM this is: " + why + " (default policy, failMode: closed)",
            "cannot tell whose VM this is: " + why + "; allowed (default policy, failMode: open)");
    }

    private HookDecision failMode(VmIdentity vm, boolean closed, String denyReason, String allowNote) {
        return closed ? record(vm, HookDecision.deny(denyReason), denyReason) : record(vm, HookDecision.allow(), allowNote);
    }

    private HookDecision record(VmIdentity vm, HookDecision d, String why) {
        ObjectNode b = Journal.about(vm);
        b.put("op", "prepare");
        b.put("decision", d.allowed() ? "allow" : "deny");
        b.put("reason", why);
        journal.record("hook", vm, b);
        return d;
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
