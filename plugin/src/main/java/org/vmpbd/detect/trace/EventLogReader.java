package org.vmpbd.detect.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmpbd.detect.abi.Abi;

/**
 * vmpbd's own event log: JSON Lines, one captured system call per line,
 * {@code {"vm":..,"pid":..,"comm":..,"start":..,"nr":..,"t":..,"abi":..}} (gzip or plain; blank
 * lines skipped, unknown fields ignored). Processes are keyed by (vm, pid, comm, start) and get id
 * {@code vm/pid/comm/start}; calls keep line order; processes come in order of first appearance.
 * A directory is read file by file sorted by name, and a process may continue across files.
 * Every line's {@code abi} must equal the requested ABI.
 */
public final class EventLogReader implements TraceReader {
    private final ObjectMapper mapper =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Identity of one captured process. */
    private record Key(String vm, int pid, String comm, long start) {
        String id() {
            return vm + "/" + pid + "/" + comm + "/" + start;
        }
    }

    /** Calls of one process and the file it first appeared in. */
    private record Process(IntList calls, Path firstFile) {
    }

    @Override
    public ReadResult readWithReport(Path path, Abi abi, ReadProgress progress) throws IOException {
        TraceFiles.Listing listing = TraceFiles.list(path, false);
        Map<Key, Process> processes = new LinkedHashMap<>();
        long[] blank = {0};
        int done = 0;
        for (Path file : listing.files()) {
            long[] events = {0};
            TraceFiles.forEachLine(file, (number, text) -> {
                if (text.isBlank()) {
                    blank[0]++;
                    return;
                }
                events[0]++;
                JsonNode event = parse(text, file, number);
                checkAbi(event, abi, file, number);
                Key key = new Key(text(event, "vm", file, number), integer(event, "pid", file, number),
                    text(event, "comm", file, number), longValue(event, "start", file, number));
                longValue(event, "t", file, number);
                int nr = Numbers.checkSyscall(longValue(event, "nr", file, number), event.get("nr").asText(),
                    abi, file, number);
                processes.computeIfAbsent(key, k -> new Process(new IntList(), file)).calls().add(nr);
            });
            if (events[0] == 0) {
                throw new TraceFormatException(file, 0, "empty trace file");
            }
            progress.filesRead(++done, listing.files().size());
        }
        List<ProcessTrace> traces = new ArrayList<>(processes.size());
        processes.forEach((key, process) -> traces.add(
            new ProcessTrace(key.id(), abi, process.calls().toArray(), process.firstFile().toString())));
        return new ReadResult(traces, listing.files().size(), listing.skipped(), blank[0]);
    }

    private JsonNode parse(String text, Path file, long line) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(file, line, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new TraceFormatException(file, line, "malformed event: expected a JSON object");
        }
        return node;
    }

    private static void checkAbi(JsonNode event, Abi abi, Path file, long line) {
        String eventAbi = text(event, "abi", file, line);
        if (!eventAbi.equals(abi.name())) {
            throw new TraceFormatException(file, line, "mixed ABIs: event has abi '" + eventAbi
                + "' but the log is read as '" + abi.name() + "'");
        }
    }

    private static JsonNode field(JsonNode event, String name, Path file, long line) {
        JsonNode value = event.get(name);
        if (value == null || value.isNull()) {
            throw new TraceFormatException(file, line, "missing field '" + name + "'");
        }
        return value;
    }

    private static String text(JsonNode event, String name, Path file, long line) {
        JsonNode value = field(event, name, file, line);
        if (!value.isTextual()) {
            throw new TraceFormatException(file, line, "field '" + name + "' must be a string, got " + value);
        }
        return value.textValue();
    }

    private static long longValue(JsonNode event, String name, Path file, long line) {
        JsonNode value = field(event, name, file, line);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new TraceFormatException(file, line, "field '" + name + "' must be an integer, got " + value);
        }
        return value.longValue();
    }

    private static int integer(JsonNode event, String name, Path file, long line) {
        long value = longValue(event, name, file, line);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new TraceFormatException(file, line, "field '" + name + "' out of range: " + value);
        }
        return (int) value;
    }
}
