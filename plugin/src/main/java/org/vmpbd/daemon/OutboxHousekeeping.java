package org.vmpbd.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.daemon.metrics.DaemonMetrics;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxDispatcher;
import org.vmpbd.outbox.OutboxRetention;

/**
 * The outbox's upkeep while the daemon runs: every 15 s the consumers' backlog goes to the metrics
 * ({@code vmpbd_outbox_pending}); every hour segments every consumer has finished and that are older than the
 * retention are deleted.
 */
final class OutboxHousekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxHousekeeping.class);
    private static final long PENDING_SECONDS = 15;
    private static final long PRUNE_SECONDS = 3600;

    private final FileOutbox outbox;
    private final OutboxDispatcher dispatcher;
    private final OutboxRetention retention;
    private final DaemonMetrics metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vmpbd-outbox-upkeep");
        t.setDaemon(true);
        return t;
    });

    OutboxHousekeeping(FileOutbox outbox, OutboxDispatcher dispatcher, OutboxRetention retention, DaemonMetrics metrics) {
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.retention = retention;
        this.metrics = metrics;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::pending, 0, PENDING_SECONDS, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::prune, PRUNE_SECONDS, PRUNE_SECONDS, TimeUnit.SECONDS);
    }

    void pending() {
        try {
            long last = outbox.lastSeq();
            for (OutboxDispatcher.ConsumerStatus s : dispatcher.status()) {
                metrics.outboxPending(s.consumer(), Math.max(0, last - s.position()));
            }
        } catch (RuntimeException e) {
            LOG.warn("outbox backlog: {}", e.getMessage());
        }
    }

    void prune() {
        try {
            List<Path> gone = retention.prune();
            if (!gone.isEmpty()) {
                LOG.info("outbox retention deleted {}", gone);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("outbox retention: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
