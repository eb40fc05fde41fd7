package org.vmpbd.trust.archfixture;

/** A test-only trust class that breaks the rule, to show the rule can fail. */
public final class ReachesIntoTheDaemon {
    public String name() {
        return org.vmpbd.daemon.Daemon.class.getName();
    }
}
