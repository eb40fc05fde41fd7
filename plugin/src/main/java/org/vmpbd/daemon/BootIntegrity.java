package org.vmpbd.daemon;

import org.vmpbd.policy.TenantPolicy;

/**
 * The boot-integrity check behind the hook's {@code prepare}: measures the VM about to start against its
 * image's baseline. The trust model (its own issue) provides the measurement; bound in Guice.
 */
public interface BootIntegrity {
    /** The verdict of a check. */
    enum Result { PASS, FAIL, UNAVAILABLE }

    record Verdict(Result result, String detail) {
    }

    /** Called on a hook connection thread, bounded by the daemon's prepare timeout. */
    Verdict check(VmIdentity vm, String domainXml, TenantPolicy policy) throws Exception;
}
