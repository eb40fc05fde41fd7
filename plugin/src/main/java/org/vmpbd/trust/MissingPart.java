package org.vmpbd.trust;

/**
 * What T is when one part of it has no measurement in the window (trust-model.md, section 4; a named choice). The
 * usual case is a VM without a guest agent: no inside measurement at all.
 */
public enum MissingPart {
    /** T is the other part alone ({@code T = M_out}, or {@code M_in}); no value when both are missing (default). */
    RENORMALISE,
    /** The missing part counts as 0, the seed's literal {@code M = 0 for i = 0}: T ≤ the other part's weight. */
    ZERO
}
