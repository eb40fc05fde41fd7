package org.vmpbd.outbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes outbox segments nobody needs any more: a segment goes only when it is not the active
 * one, every registered consumer has finished all its records, and its newest record is older than
 * the retention (default 7 days). With no consumer registered nothing is deleted; a consumer that
 * is retired keeps holding records back until its file in {@code cursors/} is removed. Run it now and
 * then (e.g. hourly) from the daemon, after the dispatcher has registered its consumers.
 */
public final class OutboxRetention {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRetention.class);

    private final FileOutbox outbox;
    private final OutboxCursors cursors;
    private final Duration retention;
    private final Clock clock;

    public OutboxRetention(FileOutbox outbox, OutboxCursors cursors, Duration retention, Clock clock) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("outbox retention must not be negative, got " + retention);
        }
        this.outbox = outbox;
        this.cursors = cursors;
        this.retention = retention;
        this.clock = clock;
    }

    /** Deletes what may go; the files deleted, oldest first. */
    public List<Path> prune() throws IOException {
        OptionalLong consumed = cursors.minimum();
        if (consumed.isEmpty()) {
            return List.of();
        }
        List<Path> deleted = outbox.deleteSegments(consumed.getAsLong(), clock.instant().minus(retention));
        if (!deleted.isEmpty()) {
            LOG.info("outbox {}: deleted {} consumed segment(s) older than {}, up to {}", outbox.directory(),
                deleted.size(), retention, deleted.get(deleted.size() - 1).getFileName());
        }
        return deleted;
    }
}
