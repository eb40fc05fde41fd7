package org.vmpbd.daemon.hook;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket's place in the file system: a 0700 directory, a stale socket file replaced, a live one (another
 * server answers) or a non-socket file left alone with an error, the bound socket made 0600.
 */
final class HookSocketFile {
    private static final Logger LOG = LoggerFactory.getLogger(HookSocketFile.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;

    HookSocketFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /** Makes the path free to bind: creates the directory, removes a stale socket, refuses a live one. */
    void claim() throws IOException {
        Path dir = path.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else if (openToOthers(dir)) {
            LOG.warn("hook socket directory {} is accessible to group or others; the socket itself is 0600", dir);
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket()) {
            throw new IOException("hook socket path " + path + " exists and is not a socket; not replacing it");
        }
        if (answers()) {
            throw new IOException("another hook server is already listening on " + path
                + " (is another vmpbd daemon running?)");
        }
        Files.deleteIfExists(path);
        LOG.info("replaced the stale hook socket {}", path);
    }

    /** Restricts the freshly bound socket to its owner. */
    void restrict() throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }

    /** The file's identity, to remove only our own socket later. */
    Object identity() throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Removes the socket file if it is still the one with {@code identity} (null: whatever is there). */
    void remove(Object identity) {
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && (identity == null || identity.equals(identity()))) {
                Files.delete(path);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the hook socket {}: {}", path, e.toString());
        }
    }

    private boolean isSocket() throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
    }

    private boolean answers() {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean openToOthers(Path dir) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            return perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
