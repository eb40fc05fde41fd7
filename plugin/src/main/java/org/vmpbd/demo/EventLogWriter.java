package org.vmpbd.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vmpbd.detect.abi.Abi;

/** Writes processes as vmpbd's event log (JSON Lines, one captured call per line), interleaved by time. */
public final class EventLogWriter {
    private final ObjectMapper json = new ObjectMapper();

    public void write(Path file, String vm, Abi abi, List<SyntheticWorkload.Process> processes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int[] next = new int[processes.size()];
            long t = 0;
            boolean more = true;
            while (more) {
                more = false;
                for (int p = 0; p < processes.size(); p++) {
                    SyntheticWorkload.Process proc = processes.get(p);
                    int burst = Math.min(5, proc.calls().length - next[p]);
                    for (int k = 0; k < burst; k++) {
                        ObjectNode e = json.createObjectNode();
                        e.put("vm", vm);
                        e.put("pid", proc.pid());
                        e.put("comm", proc.comm());
                        e.put("start", proc.start());
                        e.put("nr", proc.calls()[next[p]++]);
                        e.put("t", t += 1_000);
                        e.put("abi", abi.name());
                        out.write(e.toString());
                        out.write('\n');
                    }
                    more |= next[p] < proc.calls().length;
                }
            }
        }
    }
}
