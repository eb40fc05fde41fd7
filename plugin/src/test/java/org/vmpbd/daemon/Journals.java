package org.vmpbd.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.vmpbd.daemon.metrics.DaemonMetrics;
import org.vmpbd.daemon.metrics.Metrics;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxRecord;

/** A journal on a real outbox in a temp directory, and reading it back. */
final class Journals {
    private Journals() {
    }

    static FileOutbox outbox(Path dir) throws IOException {
        return FileOutbox.open(dir, FileOutbox.DEFAULT_SEGMENT_BYTES, Clock.systemUTC());
    }

    static Journal journal(FileOutbox outbox) {
        return new Journal(outbox, new DaemonMetrics(new Metrics()));
    }

    static List<OutboxRecord> all(FileOutbox outbox) throws IOException {
        List<OutboxRecord> out = new ArrayList<>();
        long from = 1;
        while (true) {
            List<OutboxRecord> rs = outbox.read(from, 1000);
            if (rs.isEmpty()) {
                return out;
            }
            out.addAll(rs);
            from = rs.get(rs.size() - 1).seq() + 1;
        }
    }

    static List<OutboxRecord> of(FileOutbox outbox, String kind) throws IOException {
        return all(outbox).stream().filter(r -> r.kind().equals(kind)).toList();
    }
}
