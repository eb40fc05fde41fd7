package org.vmpbd.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.daemon.hook.HookCall;
import org.vmpbd.daemon.hook.HookDecision;
import org.vmpbd.daemon.hook.HookHandler;
import org.vmpbd.libvirt.DomainXmlException;

/**
 * The daemon's side of the libvirt hook: {@code prepare} is decided by the {@link PrepareDecider};
 * {@code started} enqueues an attach with the identity from the hook's XML, {@code stopped} and {@code release}
 * enqueue a detach. Notifications never block.
 */
public final class HookBridge implements HookHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HookBridge.class);
    private final PrepareDecider prepare;
    private final Supervisor supervisor;
    private final Identities identities;

    public HookBridge(PrepareDecider prepare, Supervisor supervisor, Identities identities) {
        this.prepare = prepare;
        this.supervisor = supervisor;
        this.identities = identities;
    }

    @Override
    public HookDecision prepare(HookCall call) {
        return prepare.decide(call.domainName(), call.xml().orElse(null));
    }

    @Override
    public void notify(HookCall call) {
        VmIdentity vm = null;
        if (call.xml().isPresent()) {
            try {
                vm = identities.of(call.xml().get(), "hook stdin for domain " + call.domainName());
            } catch (DomainXmlException e) {
                LOG.warn("hook {} {}: {}", call.op().wireName(), call.domainName(), e.getMessage());
            }
        }
        switch (call.op()) {
            case STARTED -> {
                if (vm != null) {
                    supervisor.hookStarted(vm);
                }
            }
            case STOPPED, RELEASE -> supervisor.hookStopped(vm == null ? null : vm.uuid(), call.domainName());
            default -> {
            }
        }
    }
}
