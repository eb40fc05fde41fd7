package org.vmpbd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmpbd simulate} end to end: the files, the recorded parameters, the pass criterion, bad input. */
class SimulateCommandTest {
    private final CliRun cli = new CliRun(true);

    @Test
    void writesFiguresSeriesAndSummary(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("sim");
        int code = cli.run("simulate", "-o", out.toString(), "--seed", "3");
        assertEquals(0, code, cli.err());
        for (String f : new String[] {"summary.md", "simulation-ne-trojan.json", "simulation-anti-vm.json",
            "healthy-ne-trojan.png", "healthy-anti-vm.png", "tr.png", "cost.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(cli.err().contains("simulate ne-trojan"), "progress on stderr: " + cli.err());
        JsonNode j = new ObjectMapper().readTree(out.resolve("simulation-ne-trojan.json").toFile());
        assertEquals(3, j.path("parameters").path("seed").asLong());
        assertEquals(100, j.path("parameters").path("domains").asInt());
        assertEquals(120, j.path("with").path("healthy").size());
        assertEquals(0.7, j.path("policyTrust").path("a2").asDouble(), 1e-9);
        double with = j.path("with").path("finalHealthy").asDouble();
        double without = j.path("without").path("finalHealthy").asDouble();
        assertTrue(with >= 2 * without && with > 0.5, "pass criterion: " + with + " vs " + without);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("vmpbd simulate --seed 3"));
    }

    @Test
    void refusesAnUnknownAttack(@TempDir Path tmp) {
        assertNotEquals(0, cli.run("simulate", "-o", tmp.toString(), "--attack", "worm", "--no-progress"));
    }
}
