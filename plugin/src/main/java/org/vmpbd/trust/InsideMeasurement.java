package org.vmpbd.trust;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One inside measurement of a VM's context VE = (δ, H, C) (trust-model.md, section 2), as the guest reported it at
 * {@code at}. Inside data is less trusted than outside data (the guest may lie).
 *
 * @param applications     H: application name → digest of its running binary
 * @param protocols        C: communication protocols in use
 * @param keyProcessDigest δ: digest of the key process set
 */
public record InsideMeasurement(Instant at, Map<String, String> applications, Set<String> protocols,
                                String keyProcessDigest) {
    public InsideMeasurement {
        Objects.requireNonNull(at, "at");
        applications = Map.copyOf(applications);
        protocols = Set.copyOf(protocols);
        Objects.requireNonNull(keyProcessDigest, "keyProcessDigest");
    }
}
