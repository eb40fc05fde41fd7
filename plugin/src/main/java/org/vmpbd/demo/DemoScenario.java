package org.vmpbd.demo;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.detect.trace.Traces;
import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.libvirt.LibvirtVmControl;
import org.vmpbd.libvirt.VmControl;
import org.vmpbd.model.CaptureInfo;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.Learner;
import org.vmpbd.model.LearningScope;
import org.vmpbd.model.LearningSettings;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelSelector;
import org.vmpbd.model.ModelState;
import org.vmpbd.model.ModelStore;
import org.vmpbd.policy.EffectivePolicy;
import org.vmpbd.policy.PolicyLoader;
import org.vmpbd.policy.PolicyResolver;
import org.vmpbd.policy.SeverityLevel;
import org.vmpbd.policy.SeverityReading;
import org.vmpbd.policy.SeverityTracker;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.policy.TrapBudgets;
import org.vmpbd.trap.PumpListener;
import org.vmpbd.trap.PumpStats;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapPump;
import org.vmpbd.trap.TrapBudget;
import org.vmpbd.trap.BudgetEffect;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapTarget;
import org.vmpbd.trap.replay.ReplayDriver;

/**
 * The embedded demo (issue #5): three VMs of project {@code demo} on a hypervisor ({@link VmControl}, libvirt's
 * in-process test driver in {@code vmpbd demo}), their SYNTHETIC traces replayed by the replay trap driver. Learning
 * phase: each VM's normal processes feed a {@link Learner} with the tenant policy's model settings until the
 * convergence rule holds; the model is promoted and selected by {@link ModelSelector}. Detection phase: each VM's
 * held-out normal processes, and on the web VM one injected reverse shell, are pumped into the streaming detector;
 * alarms feed the VM's {@link SeverityTracker}, and each level reached applies the policy's ladder through
 * {@link VmControl} (what the hypervisor cannot do is reported as skipped). Then libvirt is asked what state the VMs
 * are in, and a report with behaviour-trace plots is written.
 */
public final class DemoScenario {
    /** Live replay rate of the detection phase (events/s per VM), under the policy's trap budget. */
    static final int DETECTION_RATE = 8000;

    /** The bundled demo tenant file (a copy of {@code policies/tenants/demo.yaml}). */
    public static final String DEMO_POLICY_RESOURCE = "/org/vmpbd/policy/tenants/demo.yaml";
    public static final String PROJECT_NAME = "demo";
    public static final String PROJECT_ID = "de305d5475b4431badb2eb6b9e546014";
    /** Processes per learning batch (K): the policy has no field for it; small so the demo converges quickly. */
    public static final int LEARNING_BATCH = 10;
    private static final String WHO = "vmpbd demo";

    private final VmControl vms;
    private final PolicyLoader loader;
    private final ReplayDriver replay;
    private final EventLogWriter writer;
    private final DemoReport report;

    @Inject
    public DemoScenario(VmControl vms, PolicyLoader loader, ReplayDriver replay, EventLogWriter writer,
                        DemoReport report) {
        this.vms = vms;
        this.loader = loader;
        this.replay = replay;
        this.writer = writer;
        this.report = report;
    }

    /**
     * @param out      the output directory (traces, models, report)
     * @param policies a policies directory, or null for the built-in default plus the bundled demo tenant
     * @param train    normal learning processes generated per VM
     * @param test     held-out normal processes per VM
     */
    public record Settings(Path out, Path policies, long seed, int train, int test) {
    }

    /** One demo VM: its domain name, image, program and the attack it replays (or null). */
    public record Vm(String name, String image, String program, String attack) {
    }

    /** One action of the ladder and what became of it. */
    public record ActionOutcome(SeverityLevel level, TenantPolicy.Action action, boolean done, String detail) {
        public String line() {
            return action.name().toLowerCase(Locale.ROOT) + (done ? ": " : " skipped: ") + detail;
        }
    }

    /** What happened to one VM. */
    public record VmResult(Vm vm, String policyFile, String model, String learning, int processes,
                           List<String> anomalous, int alarms, SeverityReading severity, List<ActionOutcome> actions,
                           String stateAfter, List<String> snapshots, String session) {
    }

    /** A behaviour trace: b_k per window of one process. */
    public record Trace(String vm, String processId, String role, double[] b, double epsilon) {
    }

    public record Result(List<VmResult> vms, int attacksDetected, int attacks, int normalFlagged, int normalTested,
                         Path report, List<Path> plots, double seconds) {
    }

    /** The demo's three VMs; the web VM replays the injected reverse shell. */
    public static List<Vm> defaultVms() {
        return List.of(new Vm("demo-web", "demo-web", "nginx", "reverse-shell"),
            new Vm("demo-ssh", "demo-ssh", "sshd", null),
            new Vm("demo-cron", "demo-cron", "logrotate", null));
    }

    public Result run(Settings s, PrintStream say) throws Exception {
        long t0 = System.nanoTime();
        Path out = s.out();
        Files.createDirectories(out);
        Abi abi = Abis.byName(Abis.LINUX_X86_64);
        List<Vm> demoVms = defaultVms();

        // traces: SYNTHETIC, seeded
        SyntheticWorkload workload = new SyntheticWorkload(abi);
        List<SyntheticWorkload.Process> normalTrain = workload.normal(s.train(), s.seed(), 1000);
        List<SyntheticWorkload.Process> normalTest = workload.normal(s.test(), s.seed() + 1, 5000);
        List<SyntheticWorkload.Process> attacks = workload.attacks(s.seed() + 2, 9000);
        Path traces = Files.createDirectories(out.resolve("traces"));
        Map<String, String> attackOf = new LinkedHashMap<>();
        for (Vm vm : demoVms) {
            writer.write(trainFile(traces, vm), vm.name(), abi, only(normalTrain, vm.program()));
            List<SyntheticWorkload.Process> test = new ArrayList<>(only(normalTest, vm.program()));
            for (SyntheticWorkload.Process a : attacks) {
                if (a.attack().equals(vm.attack())) {
                    test.add(a);
                    attackOf.put(vm.name() + "/" + a.pid() + "/" + a.comm() + "/" + a.start(), a.attack());
                }
            }
            writer.write(testFile(traces, vm), vm.name(), abi, test);
        }
        Files.writeString(out.resolve("README.txt"), SyntheticWorkload.NOTICE + " (seed " + s.seed() + ").\n"
            + "traces/VM-train.jsonl: each VM's normal processes (learning); traces/VM-test.jsonl: held-out normal "
            + "processes, and on demo-web one injected reverse shell (detection). models/: the model store. "
            + "report.html, report.md: what happened.\n", StandardCharsets.UTF_8);
        say.println("NOTE: " + SyntheticWorkload.NOTICE + " (seed " + s.seed() + ", written to " + traces + ")");

        // policies
        Path policyDir = s.policies() != null ? s.policies() : bundledPolicies(out.resolve("policies"));
        PolicyResolver policies = loader.load(policyDir);

        // VMs
        List<VmControl.VmInfo> infos = new ArrayList<>();
        for (Vm vm : demoVms) {
            infos.add(vms.start(domainXml(vm)));
        }
        say.printf("libvirt %s (in-process test driver, no daemon): started %s%n", vms.uri(),
            String.join(", ", infos.stream().map(i -> i.name() + " (" + i.state() + ", image " + i.image()
                + ", project " + i.projectName() + ")").toList()));

        Map<String, EffectivePolicy> policyOf = new LinkedHashMap<>();
        for (VmControl.VmInfo i : infos) {
            policyOf.put(i.name(), policies.forProject(i.projectId(), i.projectName()));
        }
        EffectivePolicy first = policyOf.get(demoVms.get(0).name());
        TenantPolicy tp0 = first.policy();
        say.printf("policy for project %s: %s (matched by %s): M=%d, epsilon %s, rule %s; severity weights alarms %s, "
                + "processes %s; ladder: high %s, critical %s%n", PROJECT_NAME, policyName(first, s.policies() == null),
            first.matchedBy().name().toLowerCase(Locale.ROOT).replace('_', ' '), tp0.model().m(),
            num(tp0.detection().epsilon()), tp0.detection().alarmRule(), num(tp0.severity().alarmWeight()),
            num(tp0.severity().processWeight()), names(tp0.actions().at(SeverityLevel.HIGH)),
            names(tp0.actions().at(SeverityLevel.CRITICAL)));

        // learning
        ModelStore store = new ModelStore(out.resolve("models"), Clock.systemUTC());
        Map<String, String> learned = new LinkedHashMap<>();
        say.printf("learning phase: each VM's normal (SYNTHETIC) processes replayed by the replay trap driver into the "
                + "learner; batches of %d processes, a batch is stable below %s new windows per 1000, converged after "
                + "%d stable batches in a row (policy: model.learning.convergenceWindows)%n", LEARNING_BATCH,
            num(LearningSettings.DEFAULT_GROWTH), tp0.model().learning().convergenceWindows());
        for (Vm vm : demoVms) {
            TenantPolicy tp = policyOf.get(vm.name()).policy();
            learned.put(vm.name(), learn(store, vm, tp, abi, trainFile(traces, vm), say));
        }

        // detection
        say.println("detection phase: each VM's held-out normal processes replayed live at " + DETECTION_RATE
            + " events/s (replay trap driver -> trap pump, under the policy's per-VM trap budget -> streaming detector); "
            + "demo-web also runs an injected reverse shell");
        ModelSelector selector = new ModelSelector(store);
        List<VmResult> results = new ArrayList<>();
        List<Trace> plotted = new ArrayList<>();
        int caught = 0;
        int flagged = 0;
        int tested = 0;
        for (Vm vm : demoVms) {
            TenantPolicy tp = policyOf.get(vm.name()).policy();
            SyscallFilter filter = tp.detection().filter();
            ModelSelector.Selection sel = selector.select(vm.image(), vm.program(), new CaptureInfo(abi, filter))
                .orElseThrow(() -> new IllegalStateException("no active model for " + vm.image() + "/" + vm.program()));
            Detector detector = new Detector(sel.model(), tp.model().index(), tp.alarmRule(), tp.detection().epsilon());
            Responder responder = new Responder(vm, tp, say);
            TrapTarget target = new TrapTarget(vm.name(), Map.of("path", testFile(traces, vm).toString(),
                "format", "events", "abi", abi.name(), "rate", Integer.toString(DETECTION_RATE)));
            TrapBudget budget = TrapBudgets.of(tp, System::nanoTime);
            String session;
            try (TrapSession ts = replay.open(target)) {
                ts.enable();
                PumpStats pump = new TrapPump(ts, detector, TrapPump.Options.defaults(), responder, budget).run();
                session = String.format(Locale.ROOT, "trapped %d, dropped %d, processes %d", ts.stats().trapped(),
                    ts.stats().dropped(), pump.processes());
                if (ts.stats().dropped() > 0) {
                    say.println("warning: the replay of " + vm.name() + " dropped " + ts.stats().dropped()
                        + " events; its verdicts are partial");
                }
            }
            List<ProcessVerdict> verdicts = responder.verdicts();
            List<String> anomalous = new ArrayList<>();
            for (ProcessVerdict v : verdicts) {
                String attack = attackOf.get(v.processId());
                if (attack == null) {
                    tested++;
                }
                if (v.anomalous()) {
                    anomalous.add(v.processId() + (attack != null ? " (injected " + attack + ")" : ""));
                    if (attack != null) {
                        caught++;
                    } else {
                        flagged++;
                    }
                } else if (attack != null) {
                    say.println("MISSED injected " + attack + " in " + v.processId());
                }
            }
            SeverityReading sev = responder.tracker.read();
            say.printf("  %s: %d processes, %s; severity %s (%s)%s%n", vm.name(), verdicts.size(),
                anomalous.isEmpty() ? "none anomalous" : anomalous.size() + " anomalous: " + String.join(", ", anomalous),
                num(sev.score()), sev.level().name().toLowerCase(Locale.ROOT),
                responder.outcomes.isEmpty() ? "; no action" : "");
            if (vm.attack() != null) {
                plotted.addAll(behaviour(detector, vm, testFile(traces, vm), abi, attackOf, tp.detection().epsilon()));
            }
            results.add(new VmResult(vm, policyName(policyOf.get(vm.name()), s.policies() == null), sel.key() + " v"
                + sel.version().version(), learned.get(vm.name()), verdicts.size(), anomalous, responder.alarms,
                sev, List.copyOf(responder.outcomes), null, List.of(), session));
        }

        // what libvirt says now
        List<VmResult> verified = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (VmResult r : results) {
            VmControl.VmInfo now = vms.info(r.vm().name());
            List<String> snaps = vms.snapshots(r.vm().name());
            states.add(r.vm().name() + " is " + now.state() + (snaps.isEmpty() ? "" : ", snapshots: "
                + String.join(", ", snaps)));
            verified.add(new VmResult(r.vm(), r.policyFile(), r.model(), r.learning(), r.processes(), r.anomalous(),
                r.alarms(), r.severity(), r.actions(), now.state(), snaps, r.session()));
        }
        say.println("checked through libvirt: " + String.join("; ", states));
        say.printf("injected attacks detected: %d/%d; held-out normal processes flagged: %d/%d%n", caught,
            attackOf.size(), flagged, tested);

        double seconds = (System.nanoTime() - t0) / 1e9;
        DemoReport.Written w = report.write(out, new DemoReport.Content(vms.uri(), SyntheticWorkload.NOTICE, s.seed(),
            verified, plotted, caught, attackOf.size(), flagged, tested, seconds));
        say.println("report: " + w.html() + " (also " + w.markdown().getFileName() + ", " + w.plots().size()
            + " behaviour-trace plots)");
        seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(verified, caught, attackOf.size(), flagged, tested, w.html(), w.plots(), seconds);
    }

    /** Learns {@code vm}'s program from its training log; returns the sentence said. */
    private String learn(ModelStore store, Vm vm, TenantPolicy tp, Abi abi, Path trainLog, PrintStream say)
        throws IOException, TrapException, InterruptedException {
        TenantPolicy.Model m = tp.model();
        SyscallFilter filter = tp.detection().filter();
        LearningSettings settings = new LearningSettings(abi, m.m(), m.idf(), filter, LEARNING_BATCH,
            LearningSettings.DEFAULT_GROWTH, m.learning().convergenceWindows(), m.learning().maxDuration(),
            LearningSettings.DEFAULT_CORPUS_MAX_CALLS, LearningSettings.DEFAULT_MAX_PROCESS_CALLS,
            LearningSettings.Promotion.ON_CONVERGENCE);
        LearningScope scope = LearningScope.program(vm.image(), vm.program());
        ModelKey key = scope.keys().get(0);
        List<Learner.BatchReport> batches = new ArrayList<>();
        KeyIndex.Version[] ended = new KeyIndex.Version[1];
        Learner.Listener listener = new Learner.Listener() {
            @Override
            public void batch(ModelKey k, Learner.BatchReport r) {
                batches.add(r);
            }

            @Override
            public void ended(ModelKey k, KeyIndex.Version v) {
                ended[0] = v;
            }
        };
        try (Learner learner = new Learner(store, scope, settings, new CaptureInfo(abi, filter), WHO, listener);
             TrapSession session = replay.open(new TrapTarget(vm.name(), Map.of("path", trainLog.toString(),
                 "format", "events", "abi", abi.name())))) {
            session.enable();
            while (!learner.done()) {
                boolean finished = session.finished();
                List<SyscallEvent> events = session.poll(8192, Duration.ofMillis(50));
                for (SyscallEvent e : events) {
                    if (filter == null || filter.keeps(e.nr())) {
                        learner.accept(e);
                    }
                    if (learner.done()) {
                        break;
                    }
                }
                if (finished && events.isEmpty()) {
                    break;
                }
            }
            learner.tick();
        }
        KeyIndex.Version v = ended[0];
        String how;
        if (v != null && v.state() == ModelState.ACTIVE) {
            int stableFrom = batches.isEmpty() ? 0 : batches.get(batches.size() - 1).batch();
            how = String.format(Locale.ROOT, "converged after %d stable batches (batch %d); %s v%d active (promoted on "
                + "convergence, the demo's promotion rule)", settings.stableBatches(), stableFrom, key, v.version());
        } else {
            Integer number = store.index(key).learning().map(KeyIndex.Version::version).orElse(null);
            v = store.promote(key, number, WHO, "demo: learning did not converge on the generated processes; promoted "
                + "explicitly");
            how = String.format(Locale.ROOT, "did NOT converge (%d batches); %s v%d promoted explicitly by the demo",
                batches.size(), key, v.version());
        }
        String line = String.format(Locale.ROOT, "%s: learned from %d processes, library %d windows, %s",
            vm.program(), v.training().processes(), v.training().libraryWindows(), how);
        say.println("  " + vm.name() + " " + line);
        return line;
    }

    /** b_k of the attacked process and of one normal process of {@code vm}, recomputed by the same detector. */
    private static List<Trace> behaviour(Detector detector, Vm vm, Path testLog, Abi abi, Map<String, String> attackOf,
                                         double epsilon) throws IOException {
        List<Trace> out = new ArrayList<>();
        String attacked = null;
        String normal = null;
        List<ProcessTrace> all = Traces.read(testLog, "events", abi);
        for (ProcessTrace t : all) {
            if (attackOf.containsKey(t.id()) && attacked == null) {
                attacked = t.id();
                out.add(0, new Trace(vm.name(), t.id(), "injected " + attackOf.get(t.id()), bk(detector, t), epsilon));
            } else if (!attackOf.containsKey(t.id()) && normal == null) {
                normal = t.id();
                out.add(new Trace(vm.name(), t.id(), "held-out normal", bk(detector, t), epsilon));
            }
        }
        return out;
    }

    private static double[] bk(Detector detector, ProcessTrace t) {
        List<Double> b = new ArrayList<>();
        detector.score(t, (k, window, value, exact) -> b.add(value));
        return b.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Hears the pump: keeps verdicts in start order, feeds alarms to the VM's severity and applies the ladder. */
    private final class Responder implements PumpListener {
        private final Vm vm;
        private final TenantPolicy policy;
        private final PrintStream say;
        final SeverityTracker tracker;
        final List<ActionOutcome> outcomes = new ArrayList<>();
        private final Map<String, ProcessVerdict> verdicts = new LinkedHashMap<>();
        private final Set<TenantPolicy.Action> done = EnumSet.noneOf(TenantPolicy.Action.class);
        private SeverityLevel level = SeverityLevel.NONE;
        int alarms;

        Responder(Vm vm, TenantPolicy policy, PrintStream say) {
            this.vm = vm;
            this.policy = policy;
            this.say = say;
            this.tracker = new SeverityTracker(policy, Clock.systemUTC());
        }

        synchronized List<ProcessVerdict> verdicts() {
            return verdicts.values().stream().filter(v -> v != null).toList();
        }

        @Override
        public synchronized void processStarted(String processKey) {
            verdicts.putIfAbsent(processKey, null);
        }

        @Override
        public synchronized void verdict(ProcessVerdict v) {
            verdicts.put(v.processId(), v);
        }

        @Override
        public synchronized void verdict(ProcessVerdict v, BudgetEffect effect) {
            say.println("  " + vm.name() + " over its trap budget: " + effect.describe());
            if (v != null) {
                verdicts.put(v.processId(), v);
            }
        }

        @Override
        public synchronized void alarm(Alarm a) {
            alarms++;
            tracker.alarm(a);
            SeverityReading r = tracker.read();
            say.printf("  ALARM %s at window %d (%s): %s severity %s -> %s%n", a.processId(), a.windowIndex(), a.rule(),
                vm.name(), num(r.score()), r.level().name().toLowerCase(Locale.ROOT));
            if (r.level().compareTo(level) <= 0) {
                return;
            }
            level = r.level();
            for (TenantPolicy.Action action : policy.actions().at(level)) {
                if (done.add(action)) {
                    ActionOutcome o = apply(action, level, r, a);
                    outcomes.add(o);
                    say.printf("    %s on %s: %s%n", level.name().toLowerCase(Locale.ROOT), vm.name(), o.line());
                }
            }
        }

        private ActionOutcome apply(TenantPolicy.Action action, SeverityLevel at, SeverityReading r, Alarm a) {
            String testDriver = vms.uri().startsWith("test:") ? "the test driver" : vms.uri();
            try {
                return switch (action) {
                    case METADATA -> new ActionOutcome(at, action, false, "instance metadata is Nova's (OpenStack), "
                        + "not in this demo; the verdict is in the report");
                    case SNAPSHOT -> {
                        if (!vms.supports(VmControl.Operation.SNAPSHOT)) {
                            yield new ActionOutcome(at, action, false, "not supported by " + testDriver);
                        }
                        String name = "vmpbd-" + at.name().toLowerCase(Locale.ROOT) + "-"
                            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
                        String taken = vms.snapshot(vm.name(), name, "vmpbd evidence: severity " + num(r.score()) + " ("
                            + at.name().toLowerCase(Locale.ROOT) + "), alarm of " + a.processId()
                            + " (SYNTHETIC demo replay)");
                        yield new ActionOutcome(at, action, true, "snapshot " + taken + " taken through libvirt");
                    }
                    case PAUSE -> {
                        if (!vms.supports(VmControl.Operation.PAUSE)) {
                            yield new ActionOutcome(at, action, false, "not supported by " + testDriver);
                        }
                        vms.pause(vm.name());
                        yield new ActionOutcome(at, action, true, "vCPUs suspended through libvirt");
                    }
                    case QUARANTINE -> new ActionOutcome(at, action, false, vms.supports(VmControl.Operation.LINK_DOWN)
                        ? "link-down is the action issue's, not the demo's" : "not supported by " + testDriver
                        + " (no link-down or detach)");
                    case SHUTOFF -> new ActionOutcome(at, action, false, "shut-off is the action issue's, not the demo's");
                };
            } catch (HypervisorException e) {
                return new ActionOutcome(at, action, false, "FAILED: " + e.getMessage());
            }
        }
    }

    private static List<SyntheticWorkload.Process> only(List<SyntheticWorkload.Process> ps, String comm) {
        return ps.stream().filter(p -> p.comm().equals(comm)).toList();
    }

    private static Path trainFile(Path traces, Vm vm) {
        return traces.resolve(vm.name() + "-train.jsonl");
    }

    private static Path testFile(Path traces, Vm vm) {
        return traces.resolve(vm.name() + "-test.jsonl");
    }

    /** A domain for libvirt's test driver with Nova-like metadata naming the project and the image. */
    static String domainXml(Vm vm) {
        return "<domain type='test'>\n  <name>" + vm.name() + "</name>\n  <uuid>" + UUID.randomUUID() + "</uuid>\n"
            + "  <memory unit='MiB'>256</memory>\n  <vcpu>1</vcpu>\n  <os><type>hvm</type></os>\n  <metadata>\n"
            + "    <nova:instance xmlns:nova='" + LibvirtVmControl.NOVA_NS + "'>\n      <nova:name>" + vm.name()
            + "</nova:name>\n      <nova:owner>\n        <nova:user uuid='demo-user'>demo</nova:user>\n"
            + "        <nova:project uuid='" + PROJECT_ID + "'>" + PROJECT_NAME + "</nova:project>\n"
            + "      </nova:owner>\n      <nova:root type='image' uuid='" + vm.image() + "'/>\n    </nova:instance>\n"
            + "  </metadata>\n</domain>\n";
    }

    /** The built-in default and the bundled demo tenant, written to {@code dir}. */
    private static Path bundledPolicies(Path dir) throws IOException {
        Path tenants = Files.createDirectories(dir.resolve(PolicyLoader.TENANTS_DIR));
        try (InputStream in = DemoScenario.class.getResourceAsStream(DEMO_POLICY_RESOURCE)) {
            if (in == null) {
                throw new IOException("the bundled demo policy " + DEMO_POLICY_RESOURCE + " is missing from the build");
            }
            Files.write(tenants.resolve("demo.yaml"), in.readAllBytes());
        }
        return dir;
    }

    private static String policyName(EffectivePolicy p, boolean bundled) {
        String f = p.tenantFile();
        return f == null ? "the default policy" : bundled ? "policies/tenants/demo.yaml (bundled copy at " + f + ")" : f;
    }

    private static String names(List<TenantPolicy.Action> actions) {
        return "[" + String.join(", ", actions.stream().map(a -> a.name().toLowerCase(Locale.ROOT)).toList()) + "]";
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
