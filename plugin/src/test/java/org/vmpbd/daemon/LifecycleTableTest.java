package org.vmpbd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libvirt.event.DomainEventType;

class LifecycleTableTest {
    private final LifecycleTable table = LifecycleTable.standard();

    @Test
    void theStandardRows() {
        assertEquals(LifecycleStep.ATTACH, table.step("STARTED", "BOOTED"));
        assertEquals(LifecycleStep.ATTACH, table.step("STARTED", "MIGRATED"), "attach on the destination");
        assertEquals(LifecycleStep.ATTACH, table.step("STARTED", "RESTORED"));
        assertEquals(LifecycleStep.DETACH_SILENT, table.step("STOPPED", "MIGRATED"), "no verdicts on the source");
        assertEquals(LifecycleStep.DETACH, table.step("STOPPED", "DESTROYED"));
        assertEquals(LifecycleStep.DETACH, table.step("STOPPED", "SHUTDOWN"));
        assertEquals(LifecycleStep.DETACH, table.step("CRASHED", "PANICKED"));
        assertEquals(LifecycleStep.DETACH, table.step("UNDEFINED", "REMOVED"));
        assertEquals(LifecycleStep.CHECK_PAUSE, table.step("SUSPENDED", "PAUSED"));
        assertEquals(LifecycleStep.RESUME, table.step("RESUMED", "UNPAUSED"));
        assertEquals(LifecycleStep.IGNORE, table.step("DEFINED", "ADDED"));
        assertEquals(LifecycleStep.IGNORE, table.step("SHUTDOWN", "FINISHED"), "STOPPED follows");
        assertEquals(LifecycleStep.IGNORE, table.step("NO_SUCH_TYPE", "X"));
    }

    @Test
    void exactRowsWinOverWildcardsAndCaseDoesNotMatter() {
        LifecycleTable t = new LifecycleTable(Map.of("STOPPED/*", LifecycleStep.DETACH, "STOPPED/SAVED", LifecycleStep.IGNORE));
        assertEquals(LifecycleStep.IGNORE, t.step("stopped", "saved"));
        assertEquals(LifecycleStep.DETACH, t.step("Stopped", "destroyed"));
    }

    @Test
    void everyLibvirtEventTypeHasADeliberateStep() {
        for (DomainEventType type : DomainEventType.values()) {
            LifecycleStep s = table.step(type.name(), "ANY");
            switch (type) {
                case STARTED -> assertEquals(LifecycleStep.ATTACH, s);
                case STOPPED, CRASHED, UNDEFINED -> assertEquals(LifecycleStep.DETACH, s);
                case SUSPENDED -> assertEquals(LifecycleStep.CHECK_PAUSE, s);
                case RESUMED -> assertEquals(LifecycleStep.RESUME, s);
                default -> assertEquals(LifecycleStep.IGNORE, s, type.name());
            }
        }
    }
}
