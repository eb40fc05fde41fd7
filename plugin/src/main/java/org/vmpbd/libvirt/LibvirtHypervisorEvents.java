package org.vmpbd.libvirt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HypervisorEvents} on libvirt: a read-only connection with keep-alive (5 s × 3) and a close listener,
 * watched by one thread that reconnects with capped exponential back-off, re-registers the lifecycle listener
 * and then tells the {@link HypervisorEvents.Listener} (which reconciles). The lifecycle callback runs on
 * libvirt's event-loop thread and only hands the event on.
 */
public final class LibvirtHypervisorEvents implements HypervisorEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtHypervisorEvents.class);
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(1);

    private final String uri;
    private final LibvirtEventLoop loop;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Object lock = new Object();
    private volatile Connect connect;
    private volatile LifecycleListener listening;
    private volatile boolean closed;
    private String lostReason;
    private Thread watcher;

    public LibvirtHypervisorEvents(String uri, LibvirtEventLoop loop, Duration firstBackoff, Duration maxBackoff) {
        this.uri = uri;
        this.loop = loop;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public synchronized void start(Listener listener) {
        if (watcher != null) {
            throw new IllegalStateException("already watching " + uri);
        }
        watcher = new Thread(() -> watch(listener), "libvirt-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public boolean connected() {
        return connect != null;
    }

    private void watch(Listener listener) {
        boolean reconnected = false;
        Duration backoff = firstBackoff;
        while (!closed) {
            Connect c = null;
            String reason;
            try {
                loop.ensureStarted();
                c = new Connect(uri, true);
                keepAlive(c);
                synchronized (lock) {
                    lostReason = null;
                }
                c.registerCloseListener((cc, why) -> lost("connection closed (" + why + ")"));
                LifecycleListener l = (dom, event) -> {
                    forward(listener, dom, event);
                    return 0;
                };
                c.addLifecycleListener(l);
                listening = l;
                connect = c;
                LOG.info("libvirt {}: {}connected, watching lifecycle events", uri, reconnected ? "re" : "");
                listener.connected(reconnected);
                reconnected = true;
                backoff = firstBackoff;
                reason = awaitLoss(c);
            } catch (LibvirtException | HypervisorException e) {
                reason = "cannot connect: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (connect != null) {
                connect = null;
                listener.disconnected(reason);
            }
            quietClose(c);
            if (closed) {
                return;
            }
            LOG.warn("libvirt {}: {}; retrying in {} ms", uri, reason, backoff.toMillis());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        }
    }

    private static void keepAlive(Connect c) {
        try {
            c.setKeepAlive(5, 3);
        } catch (LibvirtException e) {
            // local drivers (test:///default) have no keep-alive; the close listener and liveness check remain
        }
    }

    private String awaitLoss(Connect c) throws InterruptedException {
        synchronized (lock) {
            while (!closed && lostReason == null) {
                lock.wait(LIVENESS_CHECK.toMillis());
                if (lostReason == null && !alive(c)) {
                    lostReason = "connection no longer alive";
                }
            }
            return closed ? "closed" : lostReason;
        }
    }

    private static boolean alive(Connect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    private void lost(String reason) {
        synchronized (lock) {
            if (lostReason == null) {
                lostReason = reason;
            }
            lock.notifyAll();
        }
    }

    private static void forward(Listener listener, Domain dom, DomainEvent event) {
        try {
            Enum<?> detail = event.getDetail();
            listener.lifecycle(new LifecycleEvent(dom.getName(), dom.getUUIDString(), event.getType().name(),
                detail == null ? "UNKNOWN" : detail.name(), Instant.now()));
        } catch (LibvirtException e) {
            LOG.warn("lifecycle event {} of a domain that cannot be named: {}", event, e.getMessage());
        }
    }

    private Connect live() throws HypervisorException {
        Connect c = connect;
        if (c == null) {
            throw new HypervisorException("libvirt " + uri + ": not connected");
        }
        return c;
    }

    @Override
    public List<DomainRef> active() throws HypervisorException {
        Connect c = live();
        try {
            List<DomainRef> out = new ArrayList<>();
            for (int id : c.listDomains()) {
                try {
                    Domain d = c.domainLookupByID(id);
                    out.add(new DomainRef(d.getName(), d.getUUIDString(), LibvirtVmControl.state(d.getInfo().state)));
                } catch (LibvirtException e) {
                    // gone between the listing and the lookup
                }
            }
            return out;
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt " + uri + ": cannot list domains: " + e.getMessage(), e);
        }
    }

    @Override
    public String xml(String uuid) throws HypervisorException {
        Connect c = live();
        try {
            return c.domainLookupByUUIDString(uuid).getXMLDesc(0);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt " + uri + ": domain " + uuid + ": cannot read its XML: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        Thread w;
        synchronized (this) {
            w = watcher;
        }
        if (w != null) {
            try {
                w.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void quietClose(Connect c) {
        if (c == null) {
            return;
        }
        LifecycleListener l = listening;
        listening = null;
        if (l != null) {
            try {
                c.removeLifecycleListener(l);
            } catch (LibvirtException e) {
                // already gone
            }
        }
        try {
            c.unregisterCloseListener();
        } catch (LibvirtException e) {
            // already gone
        }
        try {
            c.close();
        } catch (LibvirtException e) {
            // already gone
        }
    }
}
