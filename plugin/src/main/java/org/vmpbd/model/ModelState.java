package org.vmpbd.model;

import java.util.Locale;

/**
 * Where one model version is in its life: {@link #LEARNING} (its training corpus is still growing,
 * no model file yet) → {@link #CANDIDATE} (built, waiting to be promoted) → {@link #ACTIVE} (the
 * one detection uses; at most one per key) → {@link #RETIRED} (replaced or rolled back; may be
 * promoted again).
 */
public enum ModelState {
    LEARNING, CANDIDATE, ACTIVE, RETIRED;

    /** Lower-case name, as in index.json and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static ModelState parse(String label) {
        for (ModelState s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown model state '" + label + "' (learning, candidate, active, retired)");
    }
}
