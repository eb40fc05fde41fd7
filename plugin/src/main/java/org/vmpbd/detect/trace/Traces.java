package org.vmpbd.detect.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.vmpbd.detect.abi.Abi;

/** Chooses a {@link TraceReader} by format name. */
public final class Traces {
    /** Format names: UNM, ADFA-LD (flat or recursive), vmpbd event log. */
    private static final Set<String> FORMATS = Set.of("unm", "adfa", "adfa-recursive", "events");

    private Traces() {
    }

    /** Known format names: {@code unm}, {@code adfa}, {@code adfa-recursive}, {@code events}. */
    public static Set<String> formats() {
        return FORMATS;
    }

    /**
     * The reader for {@code format}.
     *
     * @throws IllegalArgumentException for an unknown format; the message lists the known ones
     */
    public static TraceReader reader(String format) {
        return switch (format) {
            case "unm" -> new UnmTraceReader();
            case "adfa" -> new AdfaTraceReader(false);
            case "adfa-recursive" -> new AdfaTraceReader(true);
            case "events" -> new EventLogReader();
            default -> throw new IllegalArgumentException(
                "unknown trace format '" + format + "'; known formats: adfa, adfa-recursive, events, unm");
        };
    }

    /** Reads {@code path} in {@code format} as {@code abi}. */
    public static List<ProcessTrace> read(Path path, String format, Abi abi) throws IOException {
        return reader(format).read(path, abi);
    }
}
