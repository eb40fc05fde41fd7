package org.vmpbd.daemon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.daemon.metrics.DaemonMetrics;
import org.vmpbd.outbox.Outbox;

/**
 * The daemon's single way of recording what happened to a VM: every record goes to the durable outbox (and
 * is counted) before anything acts on it. Each record names the VM (name, UUID, project). A failed append is
 * logged and counted; it never throws into a detector or event thread.
 */
public final class Journal {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private final Outbox outbox;
    private final DaemonMetrics metrics;

    public Journal(Outbox outbox, DaemonMetrics metrics) {
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** A fresh body naming the VM. */
    public static ObjectNode about(VmIdentity vm) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("domain", vm.name());
        b.put("uuid", vm.uuid());
        if (vm.projectId() != null) {
            b.put("project", vm.projectId());
        }
        if (vm.image() != null) {
            b.put("image", vm.image());
        }
        return b;
    }

    /** Appends a record; returns its sequence number, or -1 when the outbox could not take it (logged). */
    public long record(String kind, VmIdentity vm, ObjectNode body) {
        try {
            long seq = outbox.append(kind, vm.uuid(), body);
            metrics.outboxAppended(kind);
            return seq;
        } catch (IOException | RuntimeException e) {
            LOG.error("outbox: cannot record {} of {}: {} — record was {}", kind, vm, e.getMessage(), body);
            return -1;
        }
    }
}
