package org.vmpbd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxCursors;
import org.vmpbd.outbox.OutboxException;
import org.vmpbd.outbox.OutboxRecord;
import org.vmpbd.outbox.OutboxSegment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmpbd outbox}: the daemon's durable outbox (show records, check files). Reads only; safe beside a running daemon. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
    description = "The durable local outbox of verdicts, alarms and actions: show records, check the files.",
    subcommands = {OutboxCommand.Show.class, OutboxCommand.Check.class})
final class OutboxCommand implements Callable<Integer> {
    private static final int PAGE = 1000;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorHandler.USER_ERROR;
    }

    /** Opens the outbox read-only; damage becomes a one-line user error. */
    private static FileOutbox open(Path dir) throws IOException {
        try {
            return FileOutbox.openReadOnly(dir);
        } catch (OutboxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static List<OutboxRecord> page(FileOutbox o, long from) throws IOException {
        try {
            return o.read(from, PAGE);
        } catch (OutboxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String tornNote(FileOutbox.TornTail t) {
        return "note: " + t.segment() + ":" + t.line() + ": " + t.bytes() + " bytes after the last intact record ("
            + t.reason() + "): an append in progress, or a torn tail the daemon drops when it next opens the outbox";
    }

    /** {@code vmpbd outbox show}: the records, filtered. */
    @Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print outbox records, oldest first: seq, time, kind, vm, body (or each as one JSON line).",
            "Reads only; safe beside a running daemon."})
    static final class Show implements Callable<Integer> {
        private final CliModule.Console console;
        private final ObjectMapper json = new ObjectMapper();

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The outbox directory.")
        Path dir;

        @Option(names = "--from", defaultValue = "1", paramLabel = "SEQ", description = "First seq (default: ${DEFAULT-VALUE}).")
        long from;

        @Option(names = "--kind", paramLabel = "KIND", description = "Only records of this kind (verdict, alarm, action, ...).")
        String kind;

        @Option(names = "--vm", paramLabel = "VM", description = "Only records about this VM (domain name or uuid).")
        String vm;

        @Option(names = "--json", description = "One JSON object per line: seq, time, kind, vm, body.")
        boolean asJson;

        @Inject
        Show(CliModule.Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            if (from < 1) {
                throw new IllegalArgumentException("--from must be >= 1, got " + from);
            }
            try (FileOutbox o = open(dir)) {
                o.tornTail().ifPresent(t -> console.err().println(tornNote(t)));
                if (from < o.firstSeq() && o.firstSeq() <= o.lastSeq()) {
                    console.err().println("note: records before seq " + o.firstSeq() + " were deleted by retention");
                }
                for (long seq = from; ; ) {
                    List<OutboxRecord> page = page(o, seq);
                    if (page.isEmpty()) {
                        break;
                    }
                    for (OutboxRecord r : page) {
                        if ((kind == null || kind.equals(r.kind())) && (vm == null || vm.equals(r.vm()))) {
                            console.out().println(asJson ? json(r) : text(r));
                        }
                    }
                    seq = page.get(page.size() - 1).seq() + 1;
                }
            }
            return 0;
        }

        private String text(OutboxRecord r) throws IOException {
            return String.format("%d  %s  %-16s  %-20s  %s", r.seq(), r.time(), r.kind(), r.vm() == null ? "-" : r.vm(),
                json.writeValueAsString(r.body()));
        }

        private String json(OutboxRecord r) throws IOException {
            ObjectNode n = json.createObjectNode();
            n.put("seq", r.seq());
            n.put("time", r.time().toString());
            n.put("kind", r.kind());
            n.put("vm", r.vm());
            n.set("body", r.body());
            return json.writeValueAsString(n);
        }
    }

    /** {@code vmpbd outbox check}: verifies every record and reports counts and cursors. */
    @Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Verify the whole outbox: every record's CRC, contiguous seqs across segments, the cursors.",
            "Prints the seq range, the count per kind and each consumer's cursor; exit code 0 when intact, 2 otherwise.",
            "Reads only; safe beside a running daemon."})
    static final class Check implements Callable<Integer> {
        private final CliModule.Console console;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The outbox directory.")
        Path dir;

        @Inject
        Check(CliModule.Console console) {
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            Map<String, Long> cursors; // read before the records: a running daemon only moves them forward
            try {
                cursors = new OutboxCursors(dir).positions();
            } catch (OutboxException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            try (FileOutbox o = open(dir)) {
                Map<String, Long> kinds = new TreeMap<>();
                long records = 0;
                for (long seq = o.firstSeq(); ; ) {
                    List<OutboxRecord> page = page(o, seq);
                    if (page.isEmpty()) {
                        break;
                    }
                    for (OutboxRecord r : page) {
                        kinds.merge(r.kind(), 1L, Long::sum);
                    }
                    records += page.size();
                    seq = page.get(page.size() - 1).seq() + 1;
                }
                List<OutboxSegment> segments = o.segments();
                long bytes = segments.stream().mapToLong(OutboxSegment::bytes).sum();
                console.out().println("ok: " + dir + ": " + (records == 0 ? "no records" : records + " records, seq "
                    + o.firstSeq() + ".." + o.lastSeq()) + " in " + segments.size()
                    + (segments.size() == 1 ? " segment" : " segments") + " (" + bytes + " bytes)");
                o.tornTail().ifPresent(t -> console.out().println(tornNote(t)));
                console.out().println("kinds:" + (kinds.isEmpty() ? " none" : ""));
                kinds.forEach((k, n) -> console.out().printf("  %-20s %d%n", k, n));
                console.out().println("cursors:" + (cursors.isEmpty() ? " none" : ""));
                String beyond = null;
                for (Map.Entry<String, Long> c : cursors.entrySet()) {
                    long behind = o.lastSeq() - c.getValue();
                    console.out().printf("  %-20s at %d (%s)%n", c.getKey(), c.getValue(),
                        behind >= 0 ? behind + " behind" : "PAST THE LAST RECORD");
                    if (behind < 0 && beyond == null) {
                        beyond = dir.resolve("cursors").resolve(c.getKey()) + ": cursor at seq " + c.getValue()
                            + " is past the outbox's last record " + o.lastSeq();
                    }
                }
                if (beyond != null) {
                    throw new IllegalArgumentException(beyond);
                }
            }
            return 0;
        }
    }
}
