package org.vmpbd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QemuPauseProbeTest {
    @Test
    void qemusRunStateTellsARealPauseFromTheGdbstubsStops() {
        assertEquals(PauseProbe.Answer.PAUSED, QemuPauseProbe.answer("VM status: paused\r\n"));
        assertEquals(PauseProbe.Answer.NOT_PAUSED, QemuPauseProbe.answer("VM status: paused (debug)\r\n"));
        assertEquals(PauseProbe.Answer.NOT_PAUSED, QemuPauseProbe.answer("VM status: running\r\n"));
    }
}
