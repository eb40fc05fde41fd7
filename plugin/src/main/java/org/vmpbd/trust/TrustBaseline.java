package org.vmpbd.trust;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A VM's expected context and output (trust-model.md, "Descriptors"): from the tenant policy or a measured golden run,
 * never from the guest.
 *
 * @param applications     H': application name → expected digest
 * @param allowedProtocols C'
 * @param keyProcessDigest δ'
 * @param sourceAddress    Sr'
 */
public record TrustBaseline(Map<String, String> applications, Set<String> allowedProtocols, String keyProcessDigest,
                            String sourceAddress) {
    public TrustBaseline {
        applications = Map.copyOf(applications);
        allowedProtocols = Set.copyOf(allowedProtocols);
        Objects.requireNonNull(keyProcessDigest, "keyProcessDigest");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
    }
}
