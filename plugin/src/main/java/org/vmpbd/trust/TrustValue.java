package org.vmpbd.trust;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * T(UV, t) at one moment, with its parts.
 *
 * @param t      T in [0, 1]; empty when neither part had a measurement (with {@link MissingPart#RENORMALISE})
 * @param mIn    M_in, empty when no inside measurement was in the window
 * @param mOut   M_out, likewise
 * @param nIn    inside measurements in the window
 * @param nOut   outside measurements in the window
 * @param basis  which parts T rests on
 */
public record TrustValue(Instant at, OptionalDouble t, OptionalDouble mIn, OptionalDouble mOut, int nIn, int nOut,
                         Basis basis) {
    /** Which parts a value rests on. */
    public enum Basis {
        /** a1·M_in + a2·M_out. */
        BOTH,
        /** No inside measurement in the window. */
        OUTSIDE_ONLY,
        /** No outside measurement in the window. */
        INSIDE_ONLY,
        /** Neither: no value (or 0 with {@link MissingPart#ZERO}). */
        NONE
    }
}
