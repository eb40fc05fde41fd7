package org.vmpbd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelKeyTest {
    @Test
    void parsesImageAndProgramSplittingAtTheFirstSlash() {
        assertEquals(new ModelKey("ubuntu-22.04", "nginx"), ModelKey.parse("ubuntu-22.04/nginx"));
        assertEquals(new ModelKey("img", "kworker/0:1"), ModelKey.parse("img/kworker/0:1"));
        assertEquals(ModelKey.imageWide("img"), ModelKey.parse("img"));
        assertEquals(ModelKey.imageWide("img"), ModelKey.parse("img/*"));
        assertTrue(ModelKey.parse("img").isImageWide());
        assertEquals("img/*", ModelKey.imageWide("img").toString());
    }

    @Test
    void refusesEmptyAndUnsafeParts() {
        assertThrows(IllegalArgumentException.class, () -> ModelKey.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ModelKey.parse("img/"));
        assertThrows(IllegalArgumentException.class, () -> ModelKey.parse("/nginx"));
        assertThrows(IllegalArgumentException.class, () -> new ModelKey("a\0b", "x"));
        assertThrows(IllegalArgumentException.class, () -> new ModelKey("*", "x"));
    }

    @Test
    void directoryNamesAreSafeAndReversible() {
        for (String part : new String[] {"nginx", "*", "..", ".", ".hidden", "kworker/0:1", "a b", "100%", "über",
            "%2A", "x.y-z_1"}) {
            String dir = ModelKey.directoryName(part);
            assertTrue(dir.matches("[A-Za-z0-9_%-][A-Za-z0-9._%-]*"), part + " -> " + dir);
            assertEquals(part, ModelKey.fromDirectoryName(dir), dir);
        }
        assertEquals("%2A", ModelKey.directoryName("*"));
        assertEquals("%2E.", ModelKey.directoryName(".."));
        assertThrows(IllegalArgumentException.class, () -> ModelKey.fromDirectoryName("a*b"));
        assertThrows(IllegalArgumentException.class, () -> ModelKey.fromDirectoryName("%zz"));
    }
}
