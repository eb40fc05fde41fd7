package org.vmpbd.detect.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.abi.Abis;

/** Reads the shared datasets when present (system property {@code vmpbd.shared}, else /work/shared). */
class SharedDatasetsTest {
    private static Path datasets() {
        String shared = System.getProperty("vmpbd.shared");
        Path base = shared != null && Files.isDirectory(Path.of(shared)) ? Path.of(shared) : Path.of("/work/shared");
        return base.resolve("datasets").normalize();
    }

    private static Path require(String relative, String what) {
        Path path = datasets().resolve(relative);
        Assumptions.assumeTrue(Files.isDirectory(path), what + " datasets not found at " + path + ": skipping");
        return path;
    }

    @Test
    void unmLoginNormal() throws IOException {
        Path normal = require("unm/login/normal", "UNM");
        ReadResult result = new UnmTraceReader().readWithReport(normal, Abis.byName("linux-i386"));
        assertEquals(2, result.filesRead());
        assertEquals(24, result.traces().size());
        assertEquals(8_906, result.totalCalls());
        assertEquals("login.trace_9809181415.int.gz#", result.traces().get(0).id().replaceAll("\\d+$", ""));
    }

    @Test
    void unmLoginIntrusion() throws IOException {
        Path intrusion = require("unm/login/intrusion", "UNM");
        ReadResult result = new UnmTraceReader().readWithReport(intrusion, Abis.byName("linux-i386"));
        assertEquals(13, result.traces().size());
        assertEquals(4_857, result.totalCalls());
    }

    @Test
    void unmLprMitIntrusionFitsTheSunosTable() throws IOException {
        Path intrusion = require("unm/lpr/mit-live/intrusion", "UNM");
        ReadResult result = new UnmTraceReader().readWithReport(intrusion, Abis.byName("sunos"));
        assertEquals(1_001, result.traces().size());
        assertEquals(169_252, result.totalCalls());
    }

    @Test
    void adfaTraining() throws IOException {
        Path training = require("adfa-ld-dev/Training_Data_Master", "ADFA-LD");
        assertEquals(833, new AdfaTraceReader().read(training, Abis.byName("linux-i386")).size());
    }

    @Test
    void adfaAttackRecursive() throws IOException {
        Path attack = require("adfa-ld-dev/Attack_Data_Master", "ADFA-LD");
        var traces = new AdfaTraceReader(true).read(attack, Abis.byName("linux-i386"));
        assertEquals(377, traces.size());
        assertEquals("Adduser_1/", traces.get(0).id().substring(0, "Adduser_1/".length()));
    }
}
