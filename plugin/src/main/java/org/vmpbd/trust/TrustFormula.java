package org.vmpbd.trust;

import java.util.Objects;
import java.util.OptionalDouble;

/** {@code T(UV, t) = a1·M_in + a2·M_out} with the named rule for a missing part (trust-model.md, section 4). */
public final class TrustFormula {
    private final double a1;
    private final double a2;
    private final MissingPart missingInside;
    private final MissingPart missingOutside;

    public TrustFormula(double a1, double a2, MissingPart missingInside, MissingPart missingOutside) {
        if (a1 < 0 || a2 < 0 || Math.abs(a1 + a2 - 1) > 1e-9) {
            throw new IllegalArgumentException("a1, a2 must be >= 0 and sum to 1: " + a1 + ", " + a2);
        }
        this.a1 = a1;
        this.a2 = a2;
        this.missingInside = Objects.requireNonNull(missingInside);
        this.missingOutside = Objects.requireNonNull(missingOutside);
    }

    /** T from the two window means (either may be empty). */
    public OptionalDouble of(OptionalDouble mIn, OptionalDouble mOut) {
        if (mIn.isPresent() && mOut.isPresent()) {
            return OptionalDouble.of(clamp(a1 * mIn.getAsDouble() + a2 * mOut.getAsDouble()));
        }
        if (mOut.isPresent()) {
            return OptionalDouble.of(missingInside == MissingPart.RENORMALISE ? mOut.getAsDouble()
                : clamp(a2 * mOut.getAsDouble()));
        }
        if (mIn.isPresent()) {
            return OptionalDouble.of(missingOutside == MissingPart.RENORMALISE ? mIn.getAsDouble()
                : clamp(a1 * mIn.getAsDouble()));
        }
        return missingInside == MissingPart.ZERO && missingOutside == MissingPart.ZERO ? OptionalDouble.of(0)
            : OptionalDouble.empty();
    }

    private static double clamp(double v) {
        return Math.min(1, Math.max(0, v));
    }
}
