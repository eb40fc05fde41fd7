package org.vmpbd.daemon;

import org.vmpbd.libvirt.DomainDescription;
import org.vmpbd.libvirt.DomainXmlException;
import org.vmpbd.libvirt.DomainXmlParser;
import org.vmpbd.libvirt.HypervisorEvents;
import org.vmpbd.libvirt.HypervisorException;

/** Reads who a VM is from its domain XML (libvirt's, or the hook's stdin): name, UUID and Nova's metadata. */
public final class Identities {
    private final HypervisorEvents hypervisor;
    private final DomainXmlParser parser;

    public Identities(HypervisorEvents hypervisor, DomainXmlParser parser) {
        this.hypervisor = hypervisor;
        this.parser = parser;
    }

    /** The running domain {@code uuid}'s identity, from libvirt. */
    public VmIdentity of(String uuid) throws HypervisorException, DomainXmlException {
        return of(hypervisor.xml(uuid), "libvirt domain " + uuid);
    }

    /** @param source what the XML is, for errors (e.g. "hook stdin for domain X") */
    public VmIdentity of(String xml, String source) throws DomainXmlException {
        DomainDescription d = parser.parse(xml, source);
        return d.nova().map(n -> new VmIdentity(d.name(), d.uuid(), n.projectUuid().orElse(null),
                n.projectName().orElse(null), n.userUuid().orElse(null), n.rootImageUuid().orElse(null), true))
            .orElseGet(() -> new VmIdentity(d.name(), d.uuid(), null, null, null, null, false));
    }
}
