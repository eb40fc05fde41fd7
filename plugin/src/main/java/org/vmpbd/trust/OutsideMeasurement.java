package org.vmpbd.trust;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One outside measurement of a VM's external output OM = (Sr, Dr, Con) (trust-model.md, section 3), taken from the
 * host (the VM's tap interface), never from the guest.
 *
 * @param sourceAddress Sr: the source address the VM's traffic carried
 * @param flows         the flows seen in the measurement, each with pr_i, p_i, np_i
 */
public record OutsideMeasurement(Instant at, String sourceAddress, List<Flow> flows) {
    public OutsideMeasurement {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        flows = List.copyOf(flows);
    }
}
