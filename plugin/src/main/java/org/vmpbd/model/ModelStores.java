package org.vmpbd.model;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The default model store (its root a named setting, see {@link ModelModule}) and stores at other roots. */
public final class ModelStores {
    private final Path defaultRoot;
    private final Clock clock;
    private final ConcurrentHashMap<Path, ModelStore> open = new ConcurrentHashMap<>();

    public ModelStores(Path defaultRoot, Clock clock) {
        this.defaultRoot = defaultRoot.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path defaultRoot() {
        return defaultRoot;
    }

    public ModelStore defaultStore() {
        return at(defaultRoot);
    }

    /** The store at {@code root} (one instance per root). */
    public ModelStore at(Path root) {
        return open.computeIfAbsent(root.toAbsolutePath().normalize(), r -> new ModelStore(r, clock));
    }
}
