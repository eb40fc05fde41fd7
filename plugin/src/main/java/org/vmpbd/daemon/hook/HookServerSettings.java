package org.vmpbd.daemon.hook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link HookServer} listens.
 *
 * @param socket        the Unix socket path (the hook's {@code socket=}); its directory is created 0700
 * @param readDeadline  how long one connection may take to deliver its request (and later to take the answer)
 * @param maxXmlBytes   the largest XML accepted; keep it at least the hook's {@code maxxml}, or bigger
 *                      documents are refused as malformed
 * @param workers       connection threads
 * @param queue         accepted connections that may wait for a worker; more are closed at once (the hook
 *                      then applies the fail mode)
 */
public record HookServerSettings(Path socket, Duration readDeadline, int maxXmlBytes, int workers, int queue) {
    /** Where the daemon listens by default. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/vmpbd/hook.sock");

    public HookServerSettings {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(readDeadline, "readDeadline");
        if (readDeadline.isNegative() || readDeadline.isZero()) {
            throw new IllegalArgumentException("the hook read deadline must be positive, not " + readDeadline);
        }
        if (maxXmlBytes < 0) {
            throw new IllegalArgumentException("the hook XML limit must not be negative, not " + maxXmlBytes);
        }
        if (workers < 1 || queue < 0) {
            throw new IllegalArgumentException("the hook server needs at least one worker and a queue of >= 0, not "
                + workers + " and " + queue);
        }
    }

    /** The defaults at {@code socket}: 5 s to deliver a request, XML up to 16 MiB, 4 workers, 16 waiting. */
    public static HookServerSettings at(Path socket) {
        return new HookServerSettings(socket, Duration.ofSeconds(5), 16 << 20, 4, 16);
    }

    /** These settings with another read deadline. */
    public HookServerSettings withReadDeadline(Duration deadline) {
        return new HookServerSettings(socket, deadline, maxXmlBytes, workers, queue);
    }

    /** These settings with another XML limit. */
    public HookServerSettings withMaxXmlBytes(int max) {
        return new HookServerSettings(socket, readDeadline, max, workers, queue);
    }
}
