package org.vmpbd.libvirt;

/** A domain as listed by the hypervisor: its name, UUID and state in words (running, paused, ...). */
public record DomainRef(String name, String uuid, String state) {
}
