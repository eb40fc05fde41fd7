package org.vmpbd.daemon.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Guice bindings: one {@link Metrics} registry and one {@link DaemonMetrics} over it per injector. */
public final class MetricsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Metrics.class).in(Scopes.SINGLETON);
        bind(DaemonMetrics.class).in(Scopes.SINGLETON);
    }
}
