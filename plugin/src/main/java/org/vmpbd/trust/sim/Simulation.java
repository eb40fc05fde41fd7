package org.vmpbd.trust.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.vmpbd.policy.SeverityLevel;
import org.vmpbd.policy.SeverityTracker;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.policy.TenantPolicy.TrustState;
import org.vmpbd.trust.InsideMeasurement;
import org.vmpbd.trust.OutsideMeasurement;
import org.vmpbd.trust.TrustTransition;
import org.vmpbd.trust.TrustValue;
import org.vmpbd.trust.VmTrust;

/**
 * The seed's experiment (trust-model.md, section 6) on simulated VMs, driving the real trust code and the policy's
 * trust parameters, states, severity and action ladder: a trojan planted in one of the user VMs spreads over inter-VM
 * communication; with the mechanism, VMs the ladder isolates stop communicating (and being measured). Both arms start
 * from the same seed.
 */
public final class Simulation {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final SimulationParameters p;
    private final TenantPolicy policy;
    private final StepListener listener;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean threadCpu;

    public Simulation(SimulationParameters parameters, TenantPolicy policy, StepListener listener) {
        this.p = Objects.requireNonNull(parameters);
        this.policy = Objects.requireNonNull(policy);
        this.listener = Objects.requireNonNull(listener);
        this.threadCpu = threads.isCurrentThreadCpuTimeSupported();
    }

    /** Runs both arms. */
    public SimulationResult run() {
        ArmSeries with = new Arm(true).run();
        ArmSeries without = new Arm(false).run();
        return new SimulationResult(p, policy.trust(), policy.actions(), threadCpu ? "thread-cpu" : "wall-clock",
            ladderIsolates(policy.actions().at(SeverityLevel.CRITICAL)), with, without);
    }

    static boolean ladderIsolates(List<TenantPolicy.Action> actions) {
        return actions.contains(TenantPolicy.Action.PAUSE) || actions.contains(TenantPolicy.Action.QUARANTINE)
            || actions.contains(TenantPolicy.Action.SHUTOFF);
    }

    private long cpu() {
        return threadCpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** One arm: its own VMs and random streams (the same seeds in both arms). */
    private final class Arm {
        private final boolean mechanism;
        private final Random world = new Random(p.seed());
        private final MeasurementModel model = new MeasurementModel(p, new Random(p.seed() * 1_000_003L + 17));
        private final SimClock clock = new SimClock(START);
        private final List<SimulatedVm> vms = new ArrayList<>();
        private final Map<String, SimulatedVm> byName = new HashMap<>();
        private final List<String> firstTransitions = new ArrayList<>();
        private int transitions;
        private int falseIsolations;
        private int step;

        Arm(boolean mechanism) {
            this.mechanism = mechanism;
            for (int i = 1; i <= p.userVms(); i++) {
                boolean agent = world.nextDouble() < p.agentShare();
                String name = "dom" + i;
                String address = "10.0." + (i / 250) + "." + (i % 250 + 2);
                VmTrust trust = new VmTrust(name, MeasurementModel.baseline(address), policy.trust(), p.options(),
                    this::transition);
                SimulatedVm vm = new SimulatedVm(i, agent, trust, new SeverityTracker(policy, clock));
                vms.add(vm);
                byName.put(name, vm);
            }
        }

        private void transition(TrustTransition t) {
            transitions++;
            if (firstTransitions.size() < 20) {
                SimulatedVm vm = byName.get(t.vm());
                firstTransitions.add(String.format(java.util.Locale.ROOT, "step %d: %s %s -> %s (T = %.3f, %s)", step,
                    t.vm(), t.from().wireName(), t.to().wireName(), t.t(), vm.infected() ? "infected" : "healthy"));
            }
            if (mechanism && p.isolation() == IsolationRule.UNTRUSTED_STATE && t.to() == TrustState.UNTRUSTED
                && ladderIsolates(policy.actions().at(SeverityLevel.CRITICAL))) {
                isolate(byName.get(t.vm()));
            }
        }

        private void isolate(SimulatedVm vm) {
            if (!vm.isolated() && !vm.infected()) {
                falseIsolations++;
            }
            vm.isolate(step);
        }

        ArmSeries run() {
            int n = vms.size();
            double[] healthy = new double[p.steps()];
            double[] infected = new double[p.steps()];
            double[] isolated = new double[p.steps()];
            double[] tr = new double[p.steps()];
            vms.get(world.nextInt(n)).infect(0);
            String arm = mechanism ? "with" : "without";
            for (step = 0; step < p.steps(); step++) {
                Instant now = START.plus(p.step().multipliedBy(step));
                clock.set(now);
                spread(n);
                long within = 0;
                long violating = 0;
                for (SimulatedVm vm : vms) {
                    if (vm.isolated()) {
                        continue;
                    }
                    InsideMeasurement in = vm.agent() ? model.inside(vm, now) : null;
                    OutsideMeasurement out = model.outside(vm, now, vm.active(step, p.incubationSteps()));
                    long c0 = cpu();
                    double[] scores = measure(vm, in, out, now);
                    vm.cost(cpu() - c0, in == null ? 1 : 2);
                    for (double s : scores) {
                        if (Double.isNaN(s)) {
                            continue;
                        }
                        if (s >= policy.trust().trusted()) {
                            within++;
                        } else {
                            violating++;
                        }
                    }
                }
                long inf = vms.stream().filter(SimulatedVm::infected).count();
                healthy[step] = (double) vms.stream().filter(SimulatedVm::healthy).count() / n;
                infected[step] = (double) inf / n;
                isolated[step] = (double) vms.stream().filter(SimulatedVm::isolated).count() / n;
                tr[step] = org.vmpbd.trust.ControlRate.tr(within, violating, (double) inf / n);
                listener.step(arm, step + 1, p.steps());
            }
            double[] cost = vms.stream().mapToDouble(SimulatedVm::nanosPerMeasurement).toArray();
            long measurements = vms.stream().mapToLong(SimulatedVm::measurements).sum();
            return new ArmSeries(mechanism, healthy, infected, isolated, tr, cost, measurements, transitions,
                falseIsolations, List.copyOf(firstTransitions));
        }

        /** The real trust code on one VM's measurements (and the severity route); returns t_i, t'_i. */
        private double[] measure(SimulatedVm vm, InsideMeasurement in, OutsideMeasurement out, Instant now) {
            double ti = in == null ? Double.NaN : vm.trust().inside(in);
            double to = vm.trust().outside(out);
            TrustValue v = vm.trust().evaluate(now);
            if (p.isolation() == IsolationRule.SEVERITY_LADDER) {
                vm.severity().trust(v.t().isPresent() ? v.t().getAsDouble() : Double.NaN);
                SeverityLevel level = vm.severity().read().level();
                if (mechanism && ladderIsolates(policy.actions().at(level))) {
                    isolate(vm);
                }
            }
            return new double[] {ti, to};
        }

        /** Active, running infected VMs contact others; a contact infects a healthy running VM with the set chance. */
        private void spread(int n) {
            List<SimulatedVm> spreaders = vms.stream()
                .filter(v -> v.active(step, p.incubationSteps()) && !v.isolated()).toList();
            for (SimulatedVm s : spreaders) {
                for (int c = 0; c < p.contactsPerStep(); c++) {
                    SimulatedVm target = vms.get(world.nextInt(n));
                    boolean hit = world.nextDouble() < p.infectionProbability();
                    if (target != s && hit && !target.isolated()) {
                        target.infect(step);
                    }
                }
            }
        }
    }
}
