package org.vmpbd.libvirt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@code <nova:instance>} block Nova's libvirt driver writes into a domain's
 * {@code <metadata>} (namespace {@code http://openstack.org/xmlns/libvirt/nova/1.1}, formerly
 * {@code 1.0}). Every field is optional: a field missing, empty or unreadable in the document
 * is absent here, never a guess.
 *
 * @param namespace the namespace the block was read from
 * @param name {@code <nova:name>}, the instance's display name
 * @param projectUuid {@code <nova:owner><nova:project uuid>} (a Keystone id, 32 hex digits by default)
 * @param projectName the text of {@code <nova:project>}
 * @param userUuid {@code <nova:owner><nova:user uuid>}
 * @param userName the text of {@code <nova:user>}
 * @param rootImageUuid {@code <nova:root type="image" uuid>}; absent for other root types or an empty uuid
 *                      (a volume-backed instance)
 * @param flavor {@code <nova:flavor>}
 * @param packageVersion {@code <nova:package version>}, the Nova release that wrote the block
 * @param creationTime {@code <nova:creationTime>} ({@code YYYY-MM-DD HH:MM:SS}, UTC)
 * @param ports {@code <nova:ports>} (namespace 1.1): the instance's Neutron ports and fixed IPs
 */
public record NovaInstance(String namespace, Optional<String> name, Optional<String> projectUuid,
                           Optional<String> projectName, Optional<String> userUuid, Optional<String> userName,
                           Optional<String> rootImageUuid, Optional<Flavor> flavor,
                           Optional<String> packageVersion, Optional<Instant> creationTime, List<Port> ports) {
    public NovaInstance {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(projectUuid, "projectUuid");
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(userUuid, "userUuid");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(rootImageUuid, "rootImageUuid");
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(packageVersion, "packageVersion");
        Objects.requireNonNull(creationTime, "creationTime");
        ports = List.copyOf(ports);
    }

    /**
     * {@code <nova:flavor>}: the name attribute and the sizes Nova copies from the flavor.
     *
     * @param memoryMib {@code <nova:memory>} in MiB
     * @param vcpus {@code <nova:vcpus>}
     * @param diskGib {@code <nova:disk>} in GiB
     * @param swapMib {@code <nova:swap>} in MiB
     * @param ephemeralGib {@code <nova:ephemeral>} in GiB
     */
    public record Flavor(Optional<String> name, OptionalLong memoryMib, OptionalLong vcpus, OptionalLong diskGib,
                         OptionalLong swapMib, OptionalLong ephemeralGib) {
        public Flavor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(memoryMib, "memoryMib");
            Objects.requireNonNull(vcpus, "vcpus");
            Objects.requireNonNull(diskGib, "diskGib");
            Objects.requireNonNull(swapMib, "swapMib");
            Objects.requireNonNull(ephemeralGib, "ephemeralGib");
        }
    }

    /** {@code <nova:port uuid>} with its {@code <nova:ip>} children. */
    public record Port(String uuid, List<Ip> ips) {
        public Port {
            Objects.requireNonNull(uuid, "uuid");
            ips = List.copyOf(ips);
        }
    }

    /** {@code <nova:ip type address ipVersion>}. */
    public record Ip(Optional<String> type, String address, OptionalInt version) {
        public Ip {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(version, "version");
        }
    }
}
