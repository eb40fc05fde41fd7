package org.vmpbd.daemon.hook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One call of the libvirt qemu hook, as the daemon received it.
 *
 * @param op         the operation
 * @param subOp      libvirt's sub-operation ({@code begin}, {@code end} or {@code -})
 * @param domainName the libvirt domain name, decoded exactly (any UTF-8, shell metacharacters included)
 * @param xml        the domain XML from the hook's stdin; empty when the hook withheld it ({@code oversize})
 * @param oversize   the XML was over the hook's {@code maxxml} (or could not be read in time) and was not sent
 * @param receivedAt when the request was read
 */
public record HookCall(HookOp op, String subOp, String domainName, Optional<String> xml, boolean oversize,
                       Instant receivedAt) {
    public HookCall {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(subOp, "subOp");
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (oversize == xml.isPresent()) {
            throw new IllegalArgumentException(oversize
                ? "an oversize hook call carries no XML" : "a hook call that is not oversize carries its XML");
        }
    }
}
