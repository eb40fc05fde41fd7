package org.vmpbd.daemon.hook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.vmpbd.policy.TenantPolicy.FailMode;

/**
 * The hook policy file: what the hook does at {@code prepare} when the daemon cannot answer (unreachable, slower
 * than the timeout, garbled answer), per OpenStack project. The daemon writes it from the tenant policies;
 * the hook reads it on every {@code prepare}. Format, one entry a line ({@code #} starts a comment):
 * <pre>
 * default open|closed
 * timeout &lt;seconds&gt;              (optional: overrides the hook's timeout=, 1..600)
 * project &lt;project-id&gt; open|closed
 * </pre>
 * The hook finds the project in the domain XML's Nova metadata ({@code <nova:project uuid="...">}); a domain
 * without one, or of an unlisted project, gets {@code default}. No file at all means everything fails open
 * (the built-in default policy's {@code failMode: open}).
 *
 * <p>Written atomically (temp file in the same directory, fsync, rename, directory fsync), mode 0600, so
 * the hook never sees half a file.
 */
public final class HookPolicyFile {
    /** Where the hook looks by default ({@code policy=} in its configuration). */
    public static final Path DEFAULT_PATH = Path.of("/run/vmpbd/hook-policy");
    /** The project ids the hook can match. */
    public static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The largest timeout override, in seconds. */
    public static final long MAX_TIMEOUT_SECONDS = 600;

    private final Path path;

    public HookPolicyFile(Path path) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /**
     * Replaces the file.
     *
     * @param defaultMode for domains without a listed project
     * @param projects    project id → fail mode
     * @param timeout     overrides the hook's own prepare timeout (whole seconds, 1..600)
     * @throws IllegalArgumentException a project id the hook could not match, or a bad timeout
     */
    public synchronized void write(FailMode defaultMode, Map<String, FailMode> projects, Optional<Duration> timeout)
            throws IOException {
        writeAtomically(render(defaultMode, projects, timeout).getBytes(StandardCharsets.US_ASCII));
    }

    /** The file's text for these fail modes. */
    public static String render(FailMode defaultMode, Map<String, FailMode> projects, Optional<Duration> timeout) {
        Objects.requireNonNull(defaultMode, "defaultMode");
        Objects.requireNonNull(projects, "projects");
        Objects.requireNonNull(timeout, "timeout");
        StringBuilder text = new StringBuilder()
            .append("# vmpbd hook policy: fail modes of the prepare check when the daemon cannot answer.\n")
            .append("# Written by the vmpbd daemon from the tenant policies; do not edit.\n")
            .append("default ").append(defaultMode.wireName()).append('\n');
        timeout.ifPresent(t -> text.append("timeout ").append(seconds(t)).append('\n'));
        for (Map.Entry<String, FailMode> e : new TreeMap<>(projects).entrySet()) {
            String id = Objects.requireNonNull(e.getKey(), "project id");
            if (!PROJECT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("project id '" + WireText.shown(id, 80)
                    + "' cannot go into the hook policy file: the hook matches ids of 1 to 64 letters, digits, '_' or '-'");
            }
            text.append("project ").append(id).append(' ')
                .append(Objects.requireNonNull(e.getValue(), "fail mode of project " + id).wireName()).append('\n');
        }
        return text.toString();
    }

    private static long seconds(Duration timeout) {
        if (timeout.getNano() != 0 || timeout.getSeconds() < 1 || timeout.getSeconds() > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("the hook timeout must be whole seconds from 1 to " + MAX_TIMEOUT_SECONDS
                + ", not " + timeout);
        }
        return timeout.getSeconds();
    }

    private void writeAtomically(byte[] data) throws IOException {
        Path dir = path.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = dir.resolve("." + path.getFileName() + ".tmp-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
