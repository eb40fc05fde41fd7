package org.vmpbd.policy;

/** Where a policy value came from: a file (as the user named it, or the built-in default) and a 1-based line. */
public record Origin(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
