package org.vmpbd.libvirt;

import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.jna.Libvirt;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's event loop: registered before the first connection that wants events and run on one named daemon
 * thread for the life of the JVM. libvirt's event implementation is process-global (libvirt-java keeps it in
 * static fields), so the one flag that says "the loop thread runs" is process-global too — the only static
 * state in vmpbd, mirroring libvirt's own. It is never stopped: stopping and re-running it from a second
 * injector in the same JVM (tests) would race two loop threads.
 */
public final class LibvirtEventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtEventLoop.class);
    private static final AtomicBoolean RUNNING = new AtomicBoolean();
    /** Held for the JVM's life: JNA must not lose a callback libvirt keeps. */
    private static final Libvirt.VirErrorCallback QUIET = (userData, error) -> LOG.debug("libvirt: {}", error.message);

    /** Registers and starts the loop if it is not running yet in this JVM. Idempotent and thread-safe. */
    public void ensureStarted() throws HypervisorException {
        synchronized (RUNNING) {
            if (RUNNING.get()) {
                return;
            }
            try {
                // libvirt's errors are exceptions here; its default handler would also print each to stderr
                Connect.setErrorCallback(QUIET);
                Library.initEventLoop();
            } catch (LibvirtException e) {
                throw new HypervisorException("cannot start libvirt's event loop: " + e.getMessage(), e);
            }
            Thread thread = new Thread(LibvirtEventLoop::run, "libvirt-event-loop");
            thread.setDaemon(true);
            thread.start();
            RUNNING.set(true);
        }
    }

    private static void run() {
        try {
            Library.runEventLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException e) {
            LOG.error("libvirt event loop ended: {}", e.getMessage());
        } finally {
            RUNNING.set(false);
        }
    }
}
