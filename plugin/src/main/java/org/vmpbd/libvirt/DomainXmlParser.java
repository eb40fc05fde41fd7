package org.vmpbd.libvirt;

import static org.vmpbd.libvirt.DomainXmlElements.attr;
import static org.vmpbd.libvirt.DomainXmlElements.childAttr;
import static org.vmpbd.libvirt.DomainXmlElements.children;
import static org.vmpbd.libvirt.DomainXmlElements.single;

import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads a libvirt domain XML into a {@link DomainDescription}. The document may be hostile (a
 * hook's stdin), so it is read by a locked-down parser ({@link SecureXmlReader}: size cap,
 * UTF-8 only, no DOCTYPE/entities/XInclude). Every failure is a {@link DomainXmlException} whose
 * message starts with the {@code source} the caller names, e.g. {@code "hook stdin for domain
 * instance-0000002a"} or {@code "libvirt domain instance-0000002a"}.
 *
 * <p>Required: root {@code <domain type=...>}, one {@code <name>}, one {@code <uuid>} (canonical
 * or 32 hex digits; returned lower-case with dashes), a type on every {@code <interface>}. Nova's
 * metadata is optional field by field (see {@link NovaInstance}).
 */
public final class DomainXmlParser {
    /** The default size cap: 4 MiB (a Nova domain XML is about 6 KiB). */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
    /** The namespace of libvirt's QEMU passthrough elements ({@code <qemu:commandline>}). */
    public static final String QEMU_NAMESPACE = "http://libvirt.org/schemas/domain/qemu/1.0";

    /** QEMU options that open a gdbstub ({@code -s} is {@code -gdb tcp::1234}). */
    private static final Set<String> GDB_OPTIONS = Set.of("-gdb", "--gdb", "-s", "--s");
    private static final Pattern UUID = Pattern.compile(
        "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    private final SecureXmlReader reader;
    private final NovaMetadataReader nova = new NovaMetadataReader();

    /** A parser with the {@link #DEFAULT_MAX_BYTES} cap. */
    @Inject
    public DomainXmlParser() {
        this(DEFAULT_MAX_BYTES);
    }

    /** A parser refusing documents over {@code maxBytes} (UTF-8). */
    public DomainXmlParser(int maxBytes) {
        this.reader = new SecureXmlReader(maxBytes);
    }

    /** Parses a document libvirt handed over as a string ({@code virDomainGetXMLDesc}). */
    public DomainDescription parse(String xml, String source) throws DomainXmlException {
        if (xml == null) {
            throw new DomainXmlException(source + ": no domain XML (null)");
        }
        if (xml.length() > reader.maxBytes()) {
            throw new DomainXmlException(source + ": domain XML larger than " + reader.maxBytes() + " bytes, refused");
        }
        return parse(xml.getBytes(StandardCharsets.UTF_8), source);
    }

    /** Parses raw bytes, which must be UTF-8. */
    public DomainDescription parse(byte[] xml, String source) throws DomainXmlException {
        if (xml == null) {
            throw new DomainXmlException(source + ": no domain XML (null)");
        }
        return describe(reader.parse(xml, source), source);
    }

    /** Reads and parses a stream (a hook's stdin), reading no more than the cap plus one byte. */
    public DomainDescription read(InputStream in, String source) throws DomainXmlException {
        return describe(reader.read(in, source), source);
    }

    private DomainDescription describe(Document doc, String source) throws DomainXmlException {
        Element root = doc.getDocumentElement();
        if (root.getNamespaceURI() != null || !"domain".equals(root.getLocalName())) {
            String ns = root.getNamespaceURI() == null ? "" : " in namespace " + root.getNamespaceURI();
            throw new DomainXmlException(source + ": root element is <" + root.getTagName() + ">" + ns
                + ", expected <domain>");
        }
        String type = attr(root, "type")
            .orElseThrow(() -> new DomainXmlException(source + ": <domain> has no type attribute"));
        String name = single(root, null, "name", source).flatMap(DomainXmlElements::text)
            .orElseThrow(() -> new DomainXmlException(source + ": the domain has no <name>"));
        String uuid = canonicalUuid(single(root, null, "uuid", source).flatMap(DomainXmlElements::text)
            .orElseThrow(() -> new DomainXmlException(source + ": domain " + shorten(name) + " has no <uuid>")),
            name, source);
        Optional<Element> metadata = single(root, null, "metadata", source);
        Optional<NovaInstance> instance = metadata.isPresent() ? nova.read(metadata.get(), source) : Optional.empty();
        Optional<Element> devices = single(root, null, "devices", source);
        List<DomainInterface> interfaces = devices.isPresent() ? interfaces(devices.get(), name, source) : List.of();
        return new DomainDescription(name, uuid, type, instance, interfaces, gdbOnCommandLine(root));
    }

    private static List<DomainInterface> interfaces(Element devices, String domain, String source)
        throws DomainXmlException {
        List<DomainInterface> out = new ArrayList<>();
        List<Element> elements = children(devices, null, "interface");
        for (int i = 0; i < elements.size(); i++) {
            Element e = elements.get(i);
            int index = i + 1;
            String type = attr(e, "type").orElseThrow(() -> new DomainXmlException(source + ": domain "
                + shorten(domain) + ": <interface> #" + index + " has no type attribute"));
            Optional<Element> virtualport = single(e, null, "virtualport", source);
            Optional<String> portId = virtualport.isPresent()
                ? childAttr(virtualport.get(), "parameters", "interfaceid", source) : Optional.empty();
            Optional<String> link = childAttr(e, "link", "state", source);
            out.add(new DomainInterface(type,
                childAttr(e, "mac", "address", source),
                childAttr(e, "source", "network", source),
                childAttr(e, "source", "bridge", source),
                childAttr(e, "source", "dev", source),
                childAttr(e, "target", "dev", source),
                childAttr(e, "model", "type", source),
                childAttr(e, "alias", "name", source),
                portId,
                !link.filter("down"::equals).isPresent()));
        }
        return out;
    }

    private static boolean gdbOnCommandLine(Element root) {
        for (Element commandline : children(root, QEMU_NAMESPACE, "commandline")) {
            for (Element arg : children(commandline, QEMU_NAMESPACE, "arg")) {
                if (attr(arg, "value").filter(GDB_OPTIONS::contains).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String canonicalUuid(String text, String domain, String source) throws DomainXmlException {
        if (!UUID.matcher(text).matches()) {
            throw new DomainXmlException(source + ": domain " + shorten(domain) + ": <uuid> '" + shorten(text)
                + "' is not a UUID");
        }
        String hex = text.replace("-", "").toLowerCase(Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
            + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** Document text quoted in a message: at most 64 characters, control characters as '?'. */
    private static String shorten(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 64 ? one : one.substring(0, 64) + "...";
    }
}
