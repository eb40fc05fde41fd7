package org.vmpbd.policy;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies in force, reloaded when the policies directory changes. A reload reads every file again; a file that
 * is invalid (YAML, schema, semantics, or a project another tenant file already matches) is not taken: the
 * previous valid version of that file stays in force, and the listener hears why. An invalid {@code default.yaml}
 * keeps the previous default, and tenant files are then resolved over it. Never throws from a reload.
 *
 * <p>{@link #reload()} is synchronous (tests and a SIGHUP-style trigger call it); {@link #watch()} starts a daemon
 * thread that calls it after changes (WatchService on the directory and {@code tenants/}, settled for
 * {@link #SETTLE_MILLIS} so an editor's several writes give one reload).
 */
public final class PolicyStore implements PolicyResolver, AutoCloseable {
    /** Quiet time after the last change before a watched reload. */
    public static final long SETTLE_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    /** What is in force: the set and, per file, the document it was built from (null for the built-in). */
    private record State(PolicySet set, PolicyDocument defaultDoc, Map<String, PolicyDocument> tenantDocs,
                         Map<String, List<PolicyError>> reported) {
    }

    private final PolicyLoader loader;
    private final Path dir;
    private final PolicyListener listener;
    private volatile State state;
    private WatchService watcher;
    private Thread watchThread;

    /** Creates {@link PolicyStore}s; Guice-injectable. */
    public static final class Factory {
        private final PolicyLoader loader;

        @Inject
        public Factory(PolicyLoader loader) {
            this.loader = loader;
        }

        /** A store over {@code dir}, loaded once (see {@link PolicyStore#reload()}); not yet watching. */
        public PolicyStore open(Path dir, PolicyListener listener) {
            return new PolicyStore(loader, dir, listener);
        }
    }

    public PolicyStore(PolicyLoader loader, Path dir, PolicyListener listener) {
        this.loader = Objects.requireNonNull(loader);
        this.dir = Objects.requireNonNull(dir);
        this.listener = Objects.requireNonNull(listener);
        this.state = new State(new PolicySet(loader.builtIn(), List.of()), null, Map.of(), Map.of());
        reload();
    }

    @Override
    public EffectivePolicy forProject(String projectId, String projectName) {
        return state.set().forProject(projectId, projectName);
    }

    /** The policies in force now. */
    public PolicySet current() {
        return state.set();
    }

    public Path directory() {
        return dir;
    }

    /**
     * Reads the directory again and takes every valid change.
     *
     * @return the problems of this reload (empty when every file is valid)
     */
    public synchronized List<PolicyError> reload() {
        State old = state;
        List<PolicyError> all = new ArrayList<>();
        Map<String, List<PolicyError>> reported = new HashMap<>();

        // the default
        Path defPath = dir.resolve(PolicyLoader.DEFAULT_FILE);
        String defName = defPath.toString();
        PolicyDocument defaultDoc = null;
        EffectivePolicy defaults = loader.builtIn();
        boolean defaultChanged;
        if (Files.exists(defPath)) {
            try {
                PolicyDocument doc = loader.read(defPath, PolicyLoader.Role.DEFAULT);
                defaults = loader.defaults(doc);
                defaultDoc = doc;
            } catch (PolicyException | IOException e) {
                List<PolicyError> errs = errors(defName, e);
                all.addAll(errs);
                defaultDoc = old.defaultDoc();
                defaults = old.set().defaults();
                report(old, reported, defName, errs, defaultDoc != null);
            }
        }
        defaultChanged = !sameDoc(defaultDoc, old.defaultDoc());
        if (defaultChanged) {
            if (defaultDoc == null && old.defaultDoc() != null) {
                safe(() -> listener.removed(defName));
            } else if (defaultDoc != null) {
                String n = defaultDoc.file();
                safe(() -> listener.loaded(n));
            }
        }

        // the tenants
        List<Path> files;
        try {
            files = PolicyLoader.tenantFiles(dir);
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}; keeping the tenant policies in force", dir, e.toString());
            all.add(new PolicyError(dir.resolve(PolicyLoader.TENANTS_DIR).toString(), 1, "", "cannot list: " + e));
            files = null;
        }
        List<PolicySet.Tenant> tenants = new ArrayList<>();
        Map<String, PolicyDocument> docs = new LinkedHashMap<>();
        if (files == null) {
            tenants.addAll(old.set().tenants());
            docs.putAll(old.tenantDocs());
        } else {
            for (Path f : files) {
                String name = f.toString();
                PolicyDocument previousDoc = old.tenantDocs().get(name);
                try {
                    PolicyDocument doc = loader.read(f, PolicyLoader.Role.TENANT);
                    List<PolicyError> clash = PolicyLoader.conflicts(doc, tenants, docs);
                    if (!clash.isEmpty()) {
                        throw new PolicyException(clash);
                    }
                    tenants.add(PolicyLoader.tenantEntry(doc, loader.tenant(defaults, doc)));
                    docs.put(name, doc);
                    if (!sameDoc(doc, previousDoc)) {
                        safe(() -> listener.loaded(name));
                    }
                } catch (PolicyException | IOException e) {
                    List<PolicyError> errs = errors(name, e);
                    all.addAll(errs);
                    PolicySet.Tenant previous = previousDoc == null ? null : tenantOf(old, name);
                    boolean kept = previous != null && PolicyLoader.conflicts(previousDoc, tenants, docs).isEmpty();
                    if (kept) {
                        tenants.add(previous);
                        docs.put(name, previousDoc);
                    }
                    report(old, reported, name, errs, kept);
                }
            }
            for (String gone : old.tenantDocs().keySet()) {
                if (files.stream().noneMatch(f -> f.toString().equals(gone))) {
                    safe(() -> listener.removed(gone));
                }
            }
        }
        state = new State(new PolicySet(defaults, tenants), defaultDoc, Map.copyOf(docs), Map.copyOf(reported));
        return all.stream().sorted().toList();
    }

    private static PolicySet.Tenant tenantOf(State s, String file) {
        return s.set().tenants().stream().filter(t -> t.file().equals(file)).findFirst().orElse(null);
    }

    private void report(State old, Map<String, List<PolicyError>> reported, String file, List<PolicyError> errs,
                        boolean kept) {
        reported.put(file, errs);
        if (!errs.equals(old.reported().get(file))) {
            LOG.warn("policy {} rejected ({}): {}", file, kept ? "previous version stays in force"
                : "no previous version", errs);
            safe(() -> listener.rejected(file, errs, kept));
        }
    }

    private static List<PolicyError> errors(String file, Exception e) {
        if (e instanceof PolicyException pe) {
            return pe.errors();
        }
        return List.of(new PolicyError(file, 1, "", "cannot read: " + e));
    }

    private static boolean sameDoc(PolicyDocument a, PolicyDocument b) {
        return a == null ? b == null : b != null && a.root().equals(b.root()) && a.file().equals(b.file());
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("policy listener failed", e);
        }
    }

    /** Starts reloading after every change in the directory (idempotent). */
    public synchronized void watch() throws IOException {
        if (watchThread != null) {
            return;
        }
        watcher = FileSystems.getDefault().newWatchService();
        register();
        WatchService ws = watcher;
        watchThread = new Thread(() -> watchLoop(ws), "vmpbd-policy-watch");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    private void register() throws IOException {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        Path tenants = dir.resolve(PolicyLoader.TENANTS_DIR);
        if (Files.isDirectory(tenants)) {
            tenants.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        }
    }

    private void watchLoop(WatchService ws) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = ws.take();
                drain(key);
                // settle: let a burst of writes end before reading
                WatchKey more;
                while ((more = ws.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                synchronized (this) {
                    if (watcher != ws) {
                        return;
                    }
                    try {
                        register(); // picks up a tenants/ directory created after watching began
                    } catch (IOException e) {
                        LOG.warn("cannot watch {}: {}", dir, e.toString());
                    }
                }
                reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("policy watcher stopped", e);
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    /** Stops watching. */
    @Override
    public synchronized void close() {
        if (watchThread != null) {
            watchThread.interrupt();
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the policy watcher", e);
            }
            watcher = null;
            watchThread = null;
        }
    }
}
