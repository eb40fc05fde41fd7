package org.vmpbd.libvirt;

import java.util.List;

/**
 * The daemon's read-only view of the hypervisor: lifecycle events, the running domains and their XML. The
 * implementation keeps the connection alive and reconnects by itself; after every (re)connection it tells the
 * listener, which must then reconcile (events are lost while disconnected). Bound in Guice.
 */
public interface HypervisorEvents extends AutoCloseable {
    /** Hears the hypervisor. Called on the event thread: implementations only enqueue, never block. */
    interface Listener {
        void lifecycle(LifecycleEvent event);

        /** Connected and listening; {@code reconnected} false the first time. */
        void connected(boolean reconnected);

        void disconnected(String reason);
    }

    /** Starts watching; connects in the background (retrying with back-off until it succeeds). Once only. */
    void start(Listener listener);

    boolean connected();

    /** The active domains. */
    List<DomainRef> active() throws HypervisorException;

    /** A domain's live XML, looked up by UUID. */
    String xml(String uuid) throws HypervisorException;

    /** Stops watching and closes the connection. */
    @Override
    void close();
}
