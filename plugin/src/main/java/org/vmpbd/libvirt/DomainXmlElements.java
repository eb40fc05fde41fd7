package org.vmpbd.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Namespace-aware DOM lookups for the domain XML readers: children, one child, attributes, text. */
final class DomainXmlElements {
    private DomainXmlElements() {
    }

    /** The child elements of {@code parent} named {@code localName} in {@code ns} (null: no namespace). */
    static List<Element> children(Element parent, String ns, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName()) && Objects.equals(ns, e.getNamespaceURI())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The one child so named, absent if none; two or more are ambiguous and refused. */
    static Optional<Element> single(Element parent, String ns, String localName, String source)
        throws DomainXmlException {
        List<Element> found = children(parent, ns, localName);
        if (found.size() > 1) {
            throw new DomainXmlException(source + ": ambiguous domain XML: " + found.size() + " <" + qualified(found.get(0))
                + "> elements in <" + qualified(parent) + ">");
        }
        return found.stream().findFirst();
    }

    /** An attribute (no namespace), stripped; absent if missing or blank. */
    static Optional<String> attr(Element e, String name) {
        return nonBlank(e.getAttributeNS(null, name));
    }

    /** The text of an element, stripped; absent if blank. */
    static Optional<String> text(Element e) {
        return nonBlank(e.getTextContent());
    }

    /** The attribute of the one child so named (e.g. {@code <mac address>}). */
    static Optional<String> childAttr(Element parent, String localName, String attr, String source)
        throws DomainXmlException {
        Optional<Element> child = single(parent, null, localName, source);
        return child.isPresent() ? attr(child.get(), attr) : Optional.empty();
    }

    static String qualified(Element e) {
        return e.getPrefix() == null ? e.getLocalName() : e.getPrefix() + ":" + e.getLocalName();
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
