package org.vmpbd.policy;

/** Severity levels of a VM, lowest first; the policy's thresholds on the score decide them. */
public enum SeverityLevel implements TenantPolicy.Named {
    NONE, LOW, MEDIUM, HIGH, CRITICAL
}
