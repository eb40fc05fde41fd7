package org.vmpbd.libvirt;

import static org.vmpbd.libvirt.DomainXmlElements.attr;
import static org.vmpbd.libvirt.DomainXmlElements.children;
import static org.vmpbd.libvirt.DomainXmlElements.single;
import static org.vmpbd.libvirt.DomainXmlElements.text;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.w3c.dom.Element;

/**
 * Reads Nova's {@code <nova:instance>} out of a domain's {@code <metadata>}. A missing, empty or
 * unreadable field is absent, not an error; only an ambiguous document (two blocks of the same
 * version, two owners, ...) is refused, since it could name two tenants.
 */
final class NovaMetadataReader {
    /** The namespace Nova writes since it added {@code <nova:ports>}. */
    static final String NOVA_1_1 = "http://openstack.org/xmlns/libvirt/nova/1.1";
    /** The namespace of older Nova releases (same layout, no ports). */
    static final String NOVA_1_0 = "http://openstack.org/xmlns/libvirt/nova/1.0";

    /** Nova's {@code creationTime}: {@code time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(...))}. */
    private static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** The Nova block of {@code metadata}, 1.1 preferred over 1.0; empty if there is none. */
    Optional<NovaInstance> read(Element metadata, String source) throws DomainXmlException {
        for (String ns : List.of(NOVA_1_1, NOVA_1_0)) {
            Optional<Element> instance = single(metadata, ns, "instance", source);
            if (instance.isPresent()) {
                return Optional.of(instance(instance.get(), ns, source));
            }
        }
        return Optional.empty();
    }

    private NovaInstance instance(Element e, String ns, String source) throws DomainXmlException {
        Optional<Element> owner = single(e, ns, "owner", source);
        Optional<Element> project = owner.isPresent() ? single(owner.get(), ns, "project", source) : Optional.empty();
        Optional<Element> user = owner.isPresent() ? single(owner.get(), ns, "user", source) : Optional.empty();
        Optional<Element> root = single(e, ns, "root", source);
        Optional<String> rootImage = root.filter(r -> attr(r, "type").filter("image"::equals).isPresent())
            .flatMap(r -> attr(r, "uuid"));
        Optional<Element> flavor = single(e, ns, "flavor", source);
        return new NovaInstance(ns,
            textOf(e, ns, "name", source),
            project.flatMap(p -> attr(p, "uuid")),
            project.flatMap(DomainXmlElements::text),
            user.flatMap(u -> attr(u, "uuid")),
            user.flatMap(DomainXmlElements::text),
            rootImage,
            flavor.isPresent() ? Optional.of(flavor(flavor.get(), ns, source)) : Optional.empty(),
            single(e, ns, "package", source).flatMap(p -> attr(p, "version")),
            textOf(e, ns, "creationTime", source).flatMap(NovaMetadataReader::creationTime),
            ports(e, ns, source));
    }

    private NovaInstance.Flavor flavor(Element f, String ns, String source) throws DomainXmlException {
        return new NovaInstance.Flavor(attr(f, "name"),
            number(f, ns, "memory", source),
            number(f, ns, "vcpus", source),
            number(f, ns, "disk", source),
            number(f, ns, "swap", source),
            number(f, ns, "ephemeral", source));
    }

    private List<NovaInstance.Port> ports(Element e, String ns, String source) throws DomainXmlException {
        Optional<Element> ports = single(e, ns, "ports", source);
        List<NovaInstance.Port> out = new ArrayList<>();
        if (ports.isEmpty()) {
            return out;
        }
        for (Element port : children(ports.get(), ns, "port")) {
            Optional<String> uuid = attr(port, "uuid");
            if (uuid.isEmpty()) {
                continue;
            }
            List<NovaInstance.Ip> ips = new ArrayList<>();
            for (Element ip : children(port, ns, "ip")) {
                Optional<String> address = attr(ip, "address");
                if (address.isPresent()) {
                    ips.add(new NovaInstance.Ip(attr(ip, "type"), address.get(), ipVersion(attr(ip, "ipVersion"))));
                }
            }
            out.add(new NovaInstance.Port(uuid.get(), ips));
        }
        return out;
    }

    private static Optional<String> textOf(Element e, String ns, String name, String source) throws DomainXmlException {
        return single(e, ns, name, source).flatMap(DomainXmlElements::text);
    }

    private static OptionalLong number(Element e, String ns, String name, String source) throws DomainXmlException {
        Optional<String> text = textOf(e, ns, name, source);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long v = Long.parseLong(text.get());
            return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (NumberFormatException ex) {
            return OptionalLong.empty();
        }
    }

    private static OptionalInt ipVersion(Optional<String> text) {
        return switch (text.orElse("")) {
            case "4" -> OptionalInt.of(4);
            case "6" -> OptionalInt.of(6);
            default -> OptionalInt.empty();
        };
    }

    private static Optional<Instant> creationTime(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text, CREATION_TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
