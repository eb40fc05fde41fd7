package org.vmpbd.model;

import org.vmpbd.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.SyscallFilter;

class ModelSelectorTest {
    private static final String IMAGE = "ubuntu-22.04";
    private static final ModelKey NGINX = new ModelKey(IMAGE, "nginx");
    private static final ModelKey WIDE = ModelKey.imageWide(IMAGE);
    private static final CaptureInfo ALL_CALLS = CaptureInfo.unfiltered(Fixtures.X64);

    @TempDir
    Path root;

    private ModelStore store() {
        return new ModelStore(root, new ManualClock());
    }

    @Test
    void nothingPromotedSelectsNothing() throws IOException {
        ModelSelector selector = new ModelSelector(store());
        assertTrue(selector.select(IMAGE, "nginx", ALL_CALLS).isEmpty());
        store().importModel(WIDE, Fixtures.model(1), "t", "");
        store().importModel(NGINX, Fixtures.model(2), "t", "");
        assertTrue(selector.select(IMAGE, "nginx", ALL_CALLS).isEmpty(), "candidates are not used");
    }

    @Test
    void theProgramsOwnPromotedModelElseTheImageWideFallback() throws IOException {
        ModelStore s = store();
        s.importModel(WIDE, Fixtures.model(1), "t", "");
        s.promote(WIDE, 1, "t", "");
        s.importModel(NGINX, Fixtures.model(2), "t", "");
        ModelSelector selector = new ModelSelector(s);

        ModelSelector.Selection beforePromotion = selector.select(IMAGE, "nginx", ALL_CALLS).orElseThrow();
        assertEquals(WIDE, beforePromotion.key());
        assertTrue(beforePromotion.fallback());

        s.promote(NGINX, 1, "t", "");
        ModelSelector.Selection exact = selector.select(IMAGE, "nginx", ALL_CALLS).orElseThrow();
        assertEquals(NGINX, exact.key());
        assertFalse(exact.fallback());
        assertEquals(Fixtures.model(2).training().digest(), exact.model().training().digest());

        ModelSelector.Selection sshd = selector.select(IMAGE, "sshd", ALL_CALLS).orElseThrow();
        assertEquals(WIDE, sshd.key());
        assertTrue(sshd.fallback());
        assertEquals(WIDE, selector.select(IMAGE, "", ALL_CALLS).orElseThrow().key(), "unknown comm: the fallback");
        assertTrue(selector.select("other-image", "nginx", ALL_CALLS).isEmpty());

        s.importModel(NGINX, Fixtures.model(3), "t", "");
        s.promote(NGINX, 2, "t", "");
        assertEquals(2, selector.select(IMAGE, "nginx", ALL_CALLS).orElseThrow().version().version(),
            "a promotion is seen at once");
        s.rollback(NGINX, "t", "");
        assertEquals(1, selector.select(IMAGE, "nginx", ALL_CALLS).orElseThrow().version().version());
    }

    @Test
    void aModelOfAnotherFilterIsRefusedNamingKeyAndBothFilters() throws IOException {
        ModelStore s = store();
        SyscallFilter filter = Fixtures.filter("read,write,openat,close");
        s.importModel(NGINX, Fixtures.model(1, filter), "t", "");
        s.promote(NGINX, 1, "t", "");
        ModelSelector selector = new ModelSelector(s);

        FilterMismatchException e = assertThrows(FilterMismatchException.class,
            () -> selector.select(IMAGE, "nginx", ALL_CALLS));
        assertTrue(e.getMessage().contains("ubuntu-22.04/nginx v1"), e.getMessage());
        assertTrue(e.getMessage().contains("{read,write,close,openat}"), e.getMessage());
        assertTrue(e.getMessage().contains("none (every call)"), e.getMessage());

        CaptureInfo filtered = new CaptureInfo(Fixtures.X64, Fixtures.filter("openat,close,write,read"));
        assertEquals(NGINX, selector.select(IMAGE, "nginx", filtered).orElseThrow().key(), "same set, any order");

        s.importModel(WIDE, Fixtures.model(2), "t", "");
        s.promote(WIDE, 1, "t", "");
        FilterMismatchException wide = assertThrows(FilterMismatchException.class,
            () -> selector.select(IMAGE, "sshd", filtered));
        assertTrue(wide.getMessage().contains("ubuntu-22.04/* v1 was built with syscall filter none (every call)")
            && wide.getMessage().contains("{read,write,close,openat}"), wide.getMessage());
        assertThrows(FilterMismatchException.class, () -> selector.select(IMAGE, "nginx",
            new CaptureInfo(Fixtures.X64, Fixtures.filter("read,write"))), "a different filter is refused too");
    }
}
