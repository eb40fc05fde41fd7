package org.vmpbd.trust;

import java.time.Instant;
import org.vmpbd.policy.TenantPolicy.TrustState;

/** A VM's trust state changed at {@code at}: T = {@code t} crossed a threshold of the policy. */
public record TrustTransition(String vm, Instant at, TrustState from, TrustState to, double t, TrustValue value) {
}
