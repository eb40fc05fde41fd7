package org.vmpbd.daemon;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vmpbd.action.ActionExecutor;
import org.vmpbd.action.PauseAction;
import org.vmpbd.action.QuarantineAction;
import org.vmpbd.action.SnapshotAction;
import org.vmpbd.action.VmAction;
import org.vmpbd.daemon.hook.HookPolicyFile;
import org.vmpbd.daemon.hook.HookServer;
import org.vmpbd.daemon.hook.HookServerSettings;
import org.vmpbd.daemon.metrics.DaemonMetrics;
import org.vmpbd.daemon.metrics.Metrics;
import org.vmpbd.libvirt.DomainXmlParser;
import org.vmpbd.libvirt.GdbserverControl;
import org.vmpbd.libvirt.HypervisorEvents;
import org.vmpbd.libvirt.LibvirtConnection;
import org.vmpbd.libvirt.LibvirtDomainMonitor;
import org.vmpbd.libvirt.LibvirtEventLoop;
import org.vmpbd.libvirt.LibvirtHypervisorEvents;
import org.vmpbd.libvirt.LibvirtVmControl;
import org.vmpbd.libvirt.VmControl;
import org.vmpbd.model.ModelSelector;
import org.vmpbd.model.ModelStore;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxCursors;
import org.vmpbd.outbox.OutboxDispatcher;
import org.vmpbd.outbox.OutboxRetention;
import org.vmpbd.outbox.RetryBackoff;
import org.vmpbd.policy.PolicyModule;
import org.vmpbd.policy.PolicyStore;
import org.vmpbd.trap.gdbstub.GdbstubDriver;
import org.vmpbd.trap.replay.ReplayDriver;

/**
 * The daemon's bindings: the libvirt edges (a read-only {@link HypervisorEvents}, a read-write {@link VmControl}
 * and monitor passthrough), the trap attachers by driver name (gdbstub always; replay when a replay directory is
 * set), the outbox and its action consumer, the policy store, the model selector, metrics, the hook server and
 * the supervisor.
 */
public final class DaemonModule extends AbstractModule {
    private final DaemonSettings settings;
    private final java.nio.file.Path replayDir;

    /** @param replayDir where the replay attacher finds traces, or null for no replay driver */
    public DaemonModule(DaemonSettings settings, java.nio.file.Path replayDir) {
        this.settings = settings;
        this.replayDir = replayDir;
    }

    @Override
    protected void configure() {
        install(new PolicyModule());
        bind(DaemonSettings.class).toInstance(settings);
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(LibvirtEventLoop.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    HypervisorEvents events(LibvirtEventLoop loop) {
        return new LibvirtHypervisorEvents(settings.uri(), loop, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    @Provides
    @Singleton
    LibvirtConnection connection() {
        return new LibvirtConnection(settings.uri());
    }

    @Provides
    @Singleton
    VmControl vmControl(LibvirtConnection c) {
        return new LibvirtVmControl(c);
    }

    @Provides
    @Singleton
    Map<String, TrapAttacher> attachers(LibvirtConnection c) {
        List<TrapAttacher> all = new java.util.ArrayList<>();
        all.add(new GdbstubAttacher(new GdbserverControl(new LibvirtDomainMonitor(c), settings.gdbSocketDir(),
            settings.qemuUser()), new GdbstubDriver(), new GuestKernels(settings.kernels())));
        if (replayDir != null) {
            all.add(new ReplayAttacher(new ReplayDriver(), replayDir, 2000));
        }
        return all.stream().collect(Collectors.toUnmodifiableMap(TrapAttacher::driver, Function.identity()));
    }

    @Provides
    @Singleton
    Metrics metrics() {
        return new Metrics();
    }

    @Provides
    @Singleton
    DaemonMetrics daemonMetrics(Metrics m) {
        return new DaemonMetrics(m);
    }

    @Provides
    @Singleton
    FileOutbox outbox(Clock clock) throws IOException {
        return FileOutbox.open(settings.outboxDir(), FileOutbox.DEFAULT_SEGMENT_BYTES, clock);
    }

    @Provides
    @Singleton
    Journal journal(FileOutbox outbox, DaemonMetrics metrics) {
        return new Journal(outbox, metrics);
    }

    @Provides
    @Singleton
    Set<VmAction> actions(VmControl vms) {
        return Set.of(new PauseAction(vms), new SnapshotAction(vms), new QuarantineAction(vms));
    }

    @Provides
    @Singleton
    OutboxCursors cursors() {
        return new OutboxCursors(settings.outboxDir());
    }

    @Provides
    @Singleton
    OutboxDispatcher dispatcher(FileOutbox outbox, OutboxCursors cursors, Set<VmAction> actions, DaemonMetrics metrics) {
        return new OutboxDispatcher(outbox, cursors, List.of(new ActionExecutor(outbox, actions, metrics::action)),
            RetryBackoff.DEFAULT);
    }

    @Provides
    @Singleton
    OutboxHousekeeping housekeeping(FileOutbox outbox, OutboxCursors cursors, OutboxDispatcher dispatcher,
                                    DaemonMetrics metrics, Clock clock) {
        return new OutboxHousekeeping(outbox, dispatcher, new OutboxRetention(outbox, cursors,
            OutboxRetention.DEFAULT_RETENTION, clock), metrics);
    }

    @Provides
    @Singleton
    ModelStore store(Clock clock) {
        return new ModelStore(settings.models(), clock);
    }

    @Provides
    @Singleton
    ModelSelector models(ModelStore store) {
        return new ModelSelector(store);
    }

    @Provides
    @Singleton
    HookPolicyPublisher hookPolicy(Provider<PolicyStore> store) {
        return new HookPolicyPublisher(new HookPolicyFile(settings.hookPolicy()), store, settings.prepareTimeout());
    }

    @Provides
    @Singleton
    PolicyStore policies(PolicyStore.Factory factory, HookPolicyPublisher publisher) {
        return factory.open(settings.policies(), publisher);
    }

    @Provides
    @Singleton
    Identities identities(HypervisorEvents events) {
        return new Identities(events, new DomainXmlParser());
    }

    @Provides
    @Singleton
    MonitorContext monitorContext(PolicyStore policies, Map<String, TrapAttacher> attachers, ModelSelector models,
                                  ModelStore store, Journal journal, DaemonMetrics metrics, Clock clock) {
        return new MonitorContext(policies, attachers, models, store, journal, metrics, settings, clock);
    }

    @Provides
    @Singleton
    Supervisor supervisor(HypervisorEvents events, MonitorContext ctx, Identities identities, LibvirtConnection c,
                          DaemonMetrics metrics, Journal journal) {
        return new Supervisor(events, LifecycleTable.standard(), vm -> new VmMonitor(vm, ctx), identities,
            new QemuPauseProbe(new LibvirtDomainMonitor(c)), metrics, journal, settings.pauseCheckDelay(), Duration.ofSeconds(30));
    }

    @Provides
    @Singleton
    BootIntegrity bootIntegrity() {
        return new BaselineOnlyIntegrity();
    }

    @Provides
    @Singleton
    PrepareDecider prepare(PolicyStore policies, Identities identities, Map<String, TrapAttacher> attachers,
                           BootIntegrity integrity, Journal journal) {
        return new PrepareDecider(policies, identities, attachers, integrity, journal, settings.prepareTimeout());
    }

    @Provides
    @Singleton
    HookServer hookServer(PrepareDecider prepare, Supervisor supervisor, Identities identities) {
        return new HookServer(HookServerSettings.at(settings.hookSocket()), new HookBridge(prepare, supervisor, identities));
    }

    @Provides
    @Singleton
    Daemon daemon(FileOutbox outbox, OutboxDispatcher dispatcher, OutboxHousekeeping housekeeping, Metrics metrics,
                  PolicyStore policies, HookPolicyPublisher hookPolicy, HookServer hookServer, Supervisor supervisor,
                  PrepareDecider prepare) {
        return new Daemon(settings, outbox, dispatcher, housekeeping, metrics, policies, hookPolicy, hookServer, supervisor,
            prepare);
    }
}
