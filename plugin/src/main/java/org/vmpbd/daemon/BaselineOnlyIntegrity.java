package org.vmpbd.daemon;

import org.vmpbd.policy.TenantPolicy;

/**
 * The boot check until the trust model's measurement lands: an image without a baseline in the tenant's policy
 * needs no check (PASS); an image with one cannot be measured on this host yet (UNAVAILABLE), so the policy's
 * fail mode decides. It never claims a measurement it did not make.
 */
public final class BaselineOnlyIntegrity implements BootIntegrity {
    @Override
    public Verdict check(VmIdentity vm, String domainXml, TenantPolicy policy) {
        if (!policy.integrity().baselines().containsKey(vm.modelImage())) {
            return new Verdict(Result.PASS, "no integrity baseline for image " + vm.modelImage());
        }
        return new Verdict(Result.UNAVAILABLE, "image " + vm.modelImage() + " has a baseline but this host cannot "
            + "measure boot integrity yet");
    }
}
