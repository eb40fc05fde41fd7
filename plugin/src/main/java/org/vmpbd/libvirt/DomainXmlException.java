package org.vmpbd.libvirt;

/**
 * A domain XML document was refused: malformed, hostile, too large, or missing what every domain
 * has. The message names the source (e.g. "hook stdin for domain X") and, for a syntax error, the
 * line and column.
 */
public final class DomainXmlException extends Exception {
    public DomainXmlException(String message) {
        super(message);
    }

    public DomainXmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
