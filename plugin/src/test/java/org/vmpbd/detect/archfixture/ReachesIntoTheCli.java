package org.vmpbd.detect.archfixture;

/** A deliberate violation for ArchitectureTest: a "detect" class that depends on the CLI. */
public final class ReachesIntoTheCli {
    public int run() {
        return org.vmpbd.cli.Main.run("--version");
    }
}
