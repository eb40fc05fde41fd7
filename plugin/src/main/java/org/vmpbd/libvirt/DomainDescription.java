package org.vmpbd.libvirt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the daemon learns from a libvirt domain XML: identity, hypervisor type, the Nova instance
 * it belongs to (if Nova made it), its network interfaces (what a quarantine acts on) and whether
 * its QEMU command line already opens a gdbstub (QEMU allows only one). Read by
 * {@link DomainXmlParser}.
 *
 * @param name the libvirt domain name (e.g. {@code instance-0000002a})
 * @param uuid the domain UUID, lower-case with dashes (Nova's instance UUID for Nova domains)
 * @param type the domain type attribute: {@code kvm}, {@code qemu} (TCG), ...
 * @param nova Nova's metadata, absent for domains Nova did not define
 * @param interfaces the {@code <interface>} devices in document order
 * @param gdbOnCommandLine true if a {@code <qemu:commandline>} passes {@code -gdb} or {@code -s}
 */
public record DomainDescription(String name, String uuid, String type, Optional<NovaInstance> nova,
                                List<DomainInterface> interfaces, boolean gdbOnCommandLine) {
    public DomainDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(nova, "nova");
        interfaces = List.copyOf(interfaces);
    }

    /** True for hardware-accelerated domains ({@code type='kvm'}). */
    public boolean isKvm() {
        return "kvm".equals(type);
    }
}
