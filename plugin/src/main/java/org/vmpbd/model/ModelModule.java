package org.vmpbd.model;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Guice bindings of the model lifecycle: the store's root as the named setting
 * {@value #STORE_ROOT} ({@link Path}), {@link ModelStores}, the default {@link ModelStore} and a
 * {@link ModelSelector} over it. The clock is this module's own (system UTC unless given), not a
 * global binding.
 */
public final class ModelModule extends AbstractModule {
    /** The named setting holding the store's root directory. */
    public static final String STORE_ROOT = "vmpbd.model.store";
    /** The environment variable that sets the root when the system property {@value #STORE_ROOT} does not. */
    public static final String STORE_ROOT_ENV = "VMPBD_MODEL_STORE";
    /** The root when neither is set. */
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/vmpbd/models");

    private final Path root;
    private final Clock clock;

    public ModelModule(Path root, Clock clock) {
        this.root = Objects.requireNonNull(root, "root");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Root from the system property {@value #STORE_ROOT}, else {@code $VMPBD_MODEL_STORE}, else {@link #DEFAULT_ROOT}. */
    public static ModelModule fromEnvironment() {
        return new ModelModule(rootFromEnvironment(), Clock.systemUTC());
    }

    public static Path rootFromEnvironment() {
        String prop = System.getProperty(STORE_ROOT);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv(STORE_ROOT_ENV);
        return env != null && !env.isBlank() ? Path.of(env) : DEFAULT_ROOT;
    }

    @Override
    protected void configure() {
        bind(Path.class).annotatedWith(Names.named(STORE_ROOT)).toInstance(root);
    }

    @Provides
    @Singleton
    ModelStores stores(@Named(STORE_ROOT) Path storeRoot) {
        return new ModelStores(storeRoot, clock);
    }

    @Provides
    @Singleton
    ModelStore store(ModelStores stores) {
        return stores.defaultStore();
    }

    @Provides
    @Singleton
    ModelSelector selector(ModelStore store) {
        return new ModelSelector(store);
    }
}
