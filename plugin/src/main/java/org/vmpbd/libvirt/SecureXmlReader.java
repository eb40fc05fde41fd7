package org.vmpbd.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads untrusted XML into a DOM: at most {@code maxBytes}, strict UTF-8, no DOCTYPE (so no
 * entities of any kind, internal or external), no XInclude, no external DTD or schema access,
 * JAXP secure processing and a cap on element depth. Every refusal is a
 * {@link DomainXmlException} naming the source, with line and column for syntax errors.
 */
final class SecureXmlReader {
    /**
     * Element depth cap. A domain XML nests about 6 levels, plus one per layer of a disk's
     * {@code <backingStore>} chain in live XML; far deeper is hostile or broken.
     */
    static final int MAX_DEPTH = 256;

    private final int maxBytes;

    SecureXmlReader(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("XML size cap must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    /** Reads at most {@code maxBytes} (+1 to notice more) from {@code in}, then parses. */
    Document read(InputStream in, String source) throws DomainXmlException {
        byte[] bytes;
        try {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new DomainXmlException(source + ": cannot read the domain XML: " + e.getMessage(), e);
        }
        return parse(bytes, source);
    }

    Document parse(byte[] bytes, String source) throws DomainXmlException {
        if (bytes.length > maxBytes) {
            throw new DomainXmlException(source + ": domain XML larger than " + maxBytes + " bytes, refused");
        }
        return parse(utf8(bytes, source), source);
    }

    Document parse(String text, String source) throws DomainXmlException {
        if (text.length() > maxBytes) {
            throw new DomainXmlException(source + ": domain XML larger than " + maxBytes + " bytes, refused");
        }
        if (text.isBlank()) {
            throw new DomainXmlException(source + ": domain XML is empty");
        }
        DocumentBuilder builder = newBuilder(source);
        try {
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXParseException e) {
            throw new DomainXmlException(source + ": malformed XML at line " + e.getLineNumber() + ", column "
                + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new DomainXmlException(source + ": malformed XML: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the JDK's parser has thrown unchecked exceptions on broken input before: still a refusal
            throw new DomainXmlException(source + ": the XML parser failed on this document: " + e, e);
        }
    }

    private static String utf8(byte[] bytes, String source) throws DomainXmlException {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
            && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            throw new DomainXmlException(source + ": domain XML is not UTF-8 (byte 0x"
                + String.format("%02X", bytes[Math.min(at, bytes.length - 1)] & 0xff) + " at offset " + at + ")");
        }
        return out.flip().toString();
    }

    private static DocumentBuilder newBuilder(String source) throws DomainXmlException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_DEPTH));
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            return builder;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new DomainXmlException(source + ": cannot configure a secure XML parser: " + e.getMessage(), e);
        }
    }

    /** Fails on every warning and error instead of printing "[Fatal Error]" to stderr. */
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
