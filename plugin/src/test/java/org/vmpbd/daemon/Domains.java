package org.vmpbd.daemon;

import java.util.UUID;

/** Domain XML for tests: libvirt's test driver or a Nova-like instance. */
final class Domains {
    static final String NOVA_NS = "http://openstack.org/xmlns/libvirt/nova/1.1";

    private Domains() {
    }

    /** A test-driver domain; with {@code project} non-null, Nova metadata naming the project and {@code image}. */
    static String testDomain(String name, String project, String image) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
            + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os>" + nova(name, project, image)
            + "</domain>";
    }

    static String nova(String name, String project, String image) {
        if (project == null) {
            return "";
        }
        return "<metadata><nova:instance xmlns:nova='" + NOVA_NS + "'><nova:name>" + name + "</nova:name>"
            + "<nova:owner><nova:user uuid='u-1'>alice</nova:user><nova:project uuid='" + project + "'>" + project
            + "-name</nova:project></nova:owner>" + (image == null ? "" : "<nova:root type='image' uuid='" + image + "'/>")
            + "</nova:instance></metadata>";
    }
}
