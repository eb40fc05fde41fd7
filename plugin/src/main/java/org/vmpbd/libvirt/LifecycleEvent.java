package org.vmpbd.libvirt;

import java.time.Instant;
import java.util.Objects;

/**
 * A domain lifecycle event as libvirt reports it, in words: {@code type} is libvirt's event type
 * ({@code STARTED}, {@code SUSPENDED}, {@code RESUMED}, {@code STOPPED}, {@code SHUTDOWN}, {@code CRASHED},
 * {@code DEFINED}, {@code UNDEFINED}, {@code PMSUSPENDED}, ...) and {@code detail} its detail ({@code BOOTED},
 * {@code MIGRATED}, {@code PAUSED}, {@code DESTROYED}, ...), both upper case as libvirt-java names them.
 */
public record LifecycleEvent(String name, String uuid, String type, String detail, Instant at) {
    public LifecycleEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return name + " " + type + "/" + detail;
    }
}
