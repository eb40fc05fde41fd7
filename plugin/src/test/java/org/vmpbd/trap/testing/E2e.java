package org.vmpbd.trap.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Prerequisites of end-to-end tests (QEMU, the built guest, libvirtd): skipped with the reason when
 * absent, except with {@code VMPBD_REQUIRE_E2E=1} (CI), where a missing prerequisite is a failure.
 */
public final class E2e {
    private E2e() {
    }

    public static boolean required() {
        return "1".equals(System.getenv("VMPBD_REQUIRE_E2E"));
    }

    public static void need(boolean present, String whatIsMissing) {
        if (required()) {
            Assertions.assertTrue(present, whatIsMissing + " (VMPBD_REQUIRE_E2E=1: required)");
        } else {
            Assumptions.assumeTrue(present, whatIsMissing + ": skipping");
        }
    }
}
