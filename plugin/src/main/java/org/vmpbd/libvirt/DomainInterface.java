package org.vmpbd.libvirt;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code <interface>} of a domain, enough to find it again for {@code domif-setlink} or a
 * detach: its type and MAC, where it is plugged, the host-side device and the guest model.
 *
 * @param type {@code bridge}, {@code network}, {@code ethernet}, {@code direct}, {@code user}, ...
 * @param mac {@code <mac address>}
 * @param sourceNetwork {@code <source network>} (type {@code network})
 * @param sourceBridge {@code <source bridge>} (type {@code bridge}; {@code br-int} under Neutron OVS)
 * @param sourceDev {@code <source dev>} (type {@code direct}, macvtap)
 * @param targetDev {@code <target dev>}, the host device (Nova: {@code tap} + 11 chars of the port id)
 * @param model {@code <model type>} ({@code virtio}, {@code e1000}, ...)
 * @param alias {@code <alias name>} of a running domain ({@code net0})
 * @param portId {@code <virtualport><parameters interfaceid>}: the Neutron port UUID under OVS
 * @param linkUp false only if {@code <link state='down'/>}
 */
public record DomainInterface(String type, Optional<String> mac, Optional<String> sourceNetwork,
                              Optional<String> sourceBridge, Optional<String> sourceDev,
                              Optional<String> targetDev, Optional<String> model, Optional<String> alias,
                              Optional<String> portId, boolean linkUp) {
    public DomainInterface {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(sourceNetwork, "sourceNetwork");
        Objects.requireNonNull(sourceBridge, "sourceBridge");
        Objects.requireNonNull(sourceDev, "sourceDev");
        Objects.requireNonNull(targetDev, "targetDev");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(portId, "portId");
    }
}
