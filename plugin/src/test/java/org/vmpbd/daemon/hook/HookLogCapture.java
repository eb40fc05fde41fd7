package org.vmpbd.daemon.hook;

import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what the {@code org.vmpbd.daemon.hook} classes log (DEBUG and up), while open. */
final class HookLogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("org.vmpbd.daemon.hook");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level before;

    HookLogCapture() {
        before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted messages so far, with their level. */
    List<String> lines() {
        synchronized (appender.list) {
            List<String> out = new ArrayList<>();
            for (ILoggingEvent e : appender.list) {
                out.add(e.getLevel() + " " + e.getFormattedMessage());
            }
            return out;
        }
    }

    /** Waits (hang guard only) until a line containing all of {@code parts} was logged, and returns it. */
    String await(String... parts) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            for (String line : lines()) {
                if (List.of(parts).stream().allMatch(line::contains)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        return fail("nothing logged containing " + List.of(parts) + "; logged: " + lines());
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(before);
    }
}
