package org.vmpbd.libvirt;

import java.io.StringReader;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@link VmControl} through libvirt-java. On libvirt's test driver ({@code test:///...}) only pause and
 * snapshot are offered: the test driver has no network back end to take a link down and cannot detach a device
 * from a running domain.
 */
public final class LibvirtVmControl implements VmControl {
    /** libvirt's in-process test driver, shared by every connection in the JVM. */
    public static final String TEST_URI = "test:///default";
    /** Nova's domain metadata namespace. */
    public static final String NOVA_NS = "http://openstack.org/xmlns/libvirt/nova/1.1";

    /** VIR_DOMAIN_AFFECT_LIVE: change the running domain only. */
    private static final int AFFECT_LIVE = 1;

    private final LibvirtConnection connection;
    private final Set<Operation> supported;

    public LibvirtVmControl(LibvirtConnection connection) {
        this.connection = connection;
        this.supported = connection.uri().startsWith("test:")
            ? EnumSet.of(Operation.PAUSE, Operation.SNAPSHOT) : EnumSet.allOf(Operation.class);
    }

    @Override
    public String uri() {
        return connection.uri();
    }

    @Override
    public boolean supports(Operation op) {
        return supported.contains(op);
    }

    @Override
    public VmInfo start(String domainXml) throws HypervisorException {
        String name = element(parse(domainXml), null, "name");
        if (name == null || name.isBlank()) {
            throw new HypervisorException("libvirt " + uri() + ": domain XML without a <name>");
        }
        stop(name);
        Connect c = connection.get();
        try {
            c.domainCreateXML(domainXml, 0);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt " + uri() + ": cannot start domain '" + name + "': " + e.getMessage(), e);
        }
        return info(name);
    }

    @Override
    public VmInfo info(String name) throws HypervisorException {
        Domain d = connection.domain(name);
        try {
            Document xml = parse(d.getXMLDesc(0));
            Element project = first(xml, NOVA_NS, "project");
            Element root = first(xml, NOVA_NS, "root");
            return new VmInfo(d.getName(), d.getUUIDString(), state(d.getInfo().state),
                project == null ? null : blankToNull(project.getAttribute("uuid")),
                project == null ? null : blankToNull(project.getTextContent().trim()),
                root == null ? null : blankToNull(root.getAttribute("uuid")));
        } catch (LibvirtException e) {
            throw failed(name, "read", e);
        }
    }

    @Override
    public void pause(String name) throws HypervisorException {
        require(Operation.PAUSE);
        try {
            connection.domain(name).suspend();
        } catch (LibvirtException e) {
            throw failed(name, "pause", e);
        }
    }

    @Override
    public String snapshot(String name, String snapshotName, String description) throws HypervisorException {
        require(Operation.SNAPSHOT);
        String xml = "<domainsnapshot><name>" + escape(snapshotName) + "</name><description>" + escape(description)
            + "</description></domainsnapshot>";
        try {
            String back = connection.domain(name).snapshotCreateXML(xml).getXMLDesc();
            String n = element(parse(back), null, "name");
            return n == null ? snapshotName : n;
        } catch (LibvirtException e) {
            throw failed(name, "snapshot", e);
        }
    }

    @Override
    public List<String> snapshots(String name) throws HypervisorException {
        try {
            return List.of(connection.domain(name).snapshotListNames());
        } catch (LibvirtException e) {
            throw failed(name, "list the snapshots of", e);
        }
    }

    @Override
    public List<String> linkDown(String name) throws HypervisorException {
        require(Operation.LINK_DOWN);
        return eachInterface(name, "take the link down on", (d, iface) -> {
            NodeList links = iface.getElementsByTagName("link");
            Element link = links.getLength() > 0 ? (Element) links.item(0) : null;
            if (link == null) {
                link = iface.getOwnerDocument().createElement("link");
                iface.appendChild(link);
            }
            link.setAttribute("state", "down");
            d.updateDeviceFlags(serialize(iface), AFFECT_LIVE);
        });
    }

    @Override
    public List<String> detachInterfaces(String name) throws HypervisorException {
        require(Operation.DETACH_INTERFACE);
        return eachInterface(name, "detach the interfaces of", (d, iface) -> d.detachDeviceFlags(serialize(iface), AFFECT_LIVE));
    }

    private interface InterfaceStep {
        void apply(Domain d, Element iface) throws LibvirtException, HypervisorException;
    }

    /** Applies {@code step} to each {@code <interface>} of the live XML; returns their MACs. */
    private List<String> eachInterface(String name, String what, InterfaceStep step) throws HypervisorException {
        Domain d = connection.domain(name);
        try {
            Document xml = parse(d.getXMLDesc(0));
            NodeList ifaces = xml.getElementsByTagName("interface");
            List<Element> all = new java.util.ArrayList<>();
            for (int i = 0; i < ifaces.getLength(); i++) {
                Element e = (Element) ifaces.item(i);
                if (e.getParentNode() instanceof Element p && p.getTagName().equals("devices")) {
                    all.add(e);
                }
            }
            List<String> macs = new java.util.ArrayList<>();
            for (Element iface : all) {
                NodeList mac = iface.getElementsByTagName("mac");
                macs.add(mac.getLength() > 0 ? ((Element) mac.item(0)).getAttribute("address") : "?");
                step.apply(d, iface);
            }
            return macs;
        } catch (LibvirtException e) {
            throw failed(name, what, e);
        }
    }

    private static String serialize(Element e) throws HypervisorException {
        try {
            javax.xml.transform.Transformer t = javax.xml.transform.TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
            java.io.StringWriter w = new java.io.StringWriter();
            t.transform(new javax.xml.transform.dom.DOMSource(e), new javax.xml.transform.stream.StreamResult(w));
            return w.toString();
        } catch (javax.xml.transform.TransformerException x) {
            throw new HypervisorException("cannot write an interface's XML: " + x.getMessage(), x);
        }
    }

    @Override
    public void stop(String name) throws HypervisorException {
        Connect c = connection.get();
        try {
            for (int id : c.listDomains()) {
                Domain d = c.domainLookupByID(id);
                if (d.getName().equals(name)) {
                    boolean persistent = d.isPersistent() == 1;
                    d.destroy();
                    if (persistent) {
                        d.undefine();
                    }
                    return;
                }
            }
            if (List.of(c.listDefinedDomains()).contains(name)) {
                c.domainLookupByName(name).undefine();
            }
        } catch (LibvirtException e) {
            throw failed(name, "stop", e);
        }
    }

    private void require(Operation op) throws HypervisorException {
        if (!supports(op)) {
            throw new HypervisorException("libvirt " + uri() + ": " + op.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " is not supported here");
        }
    }

    private HypervisorException failed(String name, String what, LibvirtException e) {
        return new HypervisorException("libvirt " + uri() + ": cannot " + what + " domain '" + name + "': "
            + e.getMessage(), e);
    }

    static String state(DomainInfo.DomainState s) {
        String n = s.name().toLowerCase(Locale.ROOT);
        return n.startsWith("vir_domain_") ? n.substring("vir_domain_".length()) : n;
    }

    private static Document parse(String xml) throws HypervisorException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new HypervisorException("not valid domain XML: " + e.getMessage(), e);
        }
    }

    private static Element first(Document d, String ns, String local) {
        NodeList l = ns == null ? d.getElementsByTagName(local) : d.getElementsByTagNameNS(ns, local);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    /** The text of the root's first child element {@code local}. */
    private static String element(Document d, String ns, String local) {
        for (org.w3c.dom.Node n = d.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
