package org.vmpbd.outbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link OutboxCrashTest}: opens the outbox in {@code args[0]} (segment size
 * {@code args[1]}) and appends until killed, printing {@code ack <seq>} after each append returned.
 */
public final class CrashingAppender {
    private CrashingAppender() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Random rnd = new Random(Long.parseLong(args[2]));
        try (FileOutbox o = FileOutbox.open(Path.of(args[0]), Long.parseLong(args[1]), Clock.systemUTC())) {
            out.println("open " + o.lastSeq() + " torn " + o.tornTail().map(FileOutbox.TornTail::bytes).orElse(0L));
            out.flush();
            while (true) {
                if (rnd.nextInt(4) == 0) {
                    // a batch of many pages: a SIGKILL can cut its single write short
                    List<Outbox.Entry> batch = new ArrayList<>();
                    for (int i = rnd.nextInt(30); i >= 0; i--) {
                        batch.add(new Outbox.Entry("alarm", "vm", body(rnd)));
                    }
                    long last = o.appendAll(batch);
                    StringBuilder acks = new StringBuilder();
                    for (long s = last - batch.size() + 1; s <= last; s++) {
                        acks.append("ack ").append(s).append('\n');
                    }
                    out.print(acks);
                } else {
                    out.println("ack " + o.append("verdict", "vm", body(rnd)));
                }
                out.flush();
            }
        }
    }

    private static ObjectNode body(Random rnd) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("pad", "p".repeat(rnd.nextInt(3000)));
        return b;
    }
}
