package org.vmpbd.libvirt;

import java.util.List;

/**
 * What vmpbd does to a VM through the hypervisor, and what it reads back: start a domain from its XML,
 * pause it, snapshot it, read its state, Nova metadata and snapshots. The scenario code (the demo, later
 * the action issue) talks to this, never to libvirt-java. Implementations say which operations their
 * hypervisor supports; an unsupported one is refused, never faked.
 */
public interface VmControl {
    /** Operations a policy's actions need. */
    enum Operation { PAUSE, SNAPSHOT, LINK_DOWN, DETACH_INTERFACE }

    /**
     * A domain as libvirt reports it.
     *
     * @param state       libvirt's state in words: running, paused, shutoff, ...
     * @param projectId   the Nova metadata's project uuid, or null
     * @param projectName the Nova metadata's project name, or null
     * @param image       the Nova metadata's root image id, or null
     */
    record VmInfo(String name, String uuid, String state, String projectId, String projectName, String image) {
    }

    /** The hypervisor's URI. */
    String uri();

    /** Whether this hypervisor can carry out {@code op}. */
    boolean supports(Operation op);

    /** Starts a (transient) domain from {@code domainXml}; a domain of that name left by an earlier run is destroyed first. */
    VmInfo start(String domainXml) throws HypervisorException;

    VmInfo info(String name) throws HypervisorException;

    /** Suspends the domain's vCPUs. */
    void pause(String name) throws HypervisorException;

    /**
     * Takes a snapshot named {@code snapshotName} with {@code description}.
     *
     * @return the snapshot's name as libvirt reports it
     */
    String snapshot(String name, String snapshotName, String description) throws HypervisorException;

    /** The domain's snapshots' names. */
    List<String> snapshots(String name) throws HypervisorException;

    /**
     * Takes the link of every network interface of the running domain down (the guest sees a cable pulled).
     *
     * @return the MAC addresses whose link is now down (empty when the domain has no interface)
     */
    List<String> linkDown(String name) throws HypervisorException;

    /**
     * Detaches every network interface from the running domain.
     *
     * @return the MAC addresses detached
     */
    List<String> detachInterfaces(String name) throws HypervisorException;

    /** Stops (destroys) the domain; nothing if it is not there. */
    void stop(String name) throws HypervisorException;
}
