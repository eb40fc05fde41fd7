package org.vmpbd.policy;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;

/** Guice bindings of the policy package: the schema and loader are shared; stores come from their factory. */
public final class PolicyModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PolicySchema.class).in(Singleton.class);
        bind(PolicyLoader.class).in(Singleton.class);
        bind(PolicyStore.Factory.class).in(Singleton.class);
    }
}
