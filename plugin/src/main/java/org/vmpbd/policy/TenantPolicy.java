package org.vmpbd.policy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmpbd.detect.AlarmRule;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.abi.Abis;

/**
 * The effective policy of one tenant (built-in defaults ← {@code default.yaml} ← the tenant's file), complete and
 * checked; immutable. {@code policies/README.md} documents every field.
 */
public record TenantPolicy(Monitoring monitoring, Trap trap, Model model, Detection detection, Severity severity,
                           Actions actions, Trust trust, FailMode failMode, Integrity integrity) {
    public TenantPolicy {
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(trap, "trap");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(failMode, "failMode");
        Objects.requireNonNull(integrity, "integrity");
    }

    /** The alarm rule for this policy's window length M. */
    public AlarmRule alarmRule() {
        return AlarmRule.parse(detection.alarmRule(), model.m());
    }

    /** @param enabled false: no trap session for the tenant's VMs */
    public record Monitoring(boolean enabled) {
    }

    /**
     * @param driver             a {@code TrapDriver} name: {@code kvm}, {@code gdbstub}, {@code tcglog}, {@code replay}
     * @param allowGdbstubOnNova whether the gdbstub driver may run on a Nova-managed VM
     */
    public record Trap(String driver, boolean allowGdbstubOnNova, Budget budget) {
        /** The trap driver names a policy may choose. */
        public static final List<String> DRIVERS = List.of("kvm", "gdbstub", "tcglog", "replay");

        /** Whether {@code driver} may trap a VM ({@code nova}: the VM is Nova-managed). */
        public boolean driverAllowed(boolean nova) {
            return !(nova && driver.equals("gdbstub") && !allowGdbstubOnNova);
        }
    }

    /**
     * The trap budget: above {@code eventsPerSecond} per VM the trap samples or filters, and the VM's verdicts say so.
     */
    public record Budget(int eventsPerSecond, OverBudget overBudget) {
        /** Verdict note when a VM ran over budget at {@code observedPerSecond}. */
        public String note(double observedPerSecond) {
            return String.format(Locale.ROOT, "over trap budget (%.0f events/s > %d): %s", observedPerSecond,
                eventsPerSecond, overBudget == OverBudget.SAMPLE
                    ? "new processes sampled, verdicts cover the followed processes only"
                    : "only the calls of detection.syscallFilter trapped");
        }
    }

    /** What the trap does above the budget. */
    public enum OverBudget implements Named {
        /** Follow a share of new processes, each whole (its windows stay intact); the rest go unwatched. */
        SAMPLE,
        /** Trap only the calls of {@code detection.syscallFilter} (the model drops the others anyway). */
        FILTER
    }

    /**
     * @param selection which model a process is scored against
     * @param m         window length M
     */
    public record Model(Selection selection, int m, IdfVariant idf, IndexKind index, Learning learning) {
    }

    /** One model per program ({@code per-program}) or one per VM image ({@code vm-wide}). */
    public enum Selection implements Named {
        PER_PROGRAM, VM_WIDE
    }

    /**
     * Settings of the learning phase, read by the model lifecycle.
     *
     * @param convergenceWindows learning ends after this many consecutive windows (of the lifecycle's own length)
     *                           without new behaviour ...
     * @param maxDuration        ... or after this long, whichever comes first
     */
    public record Learning(boolean enabled, int convergenceWindows, Duration maxDuration) {
    }

    /**
     * @param epsilon       similarity threshold in (0, 1]
     * @param alarmRule     as {@link AlarmRule#parse} reads it
     * @param abi           the ABI the filter's call names belong to
     * @param syscallFilter call names the model watches; empty: every call
     */
    public record Detection(double epsilon, String alarmRule, String abi, List<String> syscallFilter) {
        public Detection {
            syscallFilter = List.copyOf(syscallFilter);
        }

        /** The filter in {@link #abi}, or null for every call. */
        public SyscallFilter filter() {
            return syscallFilter.isEmpty() ? null : SyscallFilter.parse(Abis.byName(abi), String.join(",", syscallFilter));
        }
    }

    /**
     * How alarms become a VM-level score in [0, 1] and a level (ARCHITECTURE.md, "Severity").
     *
     * @param window        sliding window W
     * @param alarmWeight   w_a
     * @param processWeight w_p
     * @param trustWeight   λ of {@link TrustCombination#NOISY_OR}
     */
    public record Severity(Duration window, double alarmWeight, double processWeight, TrustCombination trustCombination,
                           double trustWeight, Thresholds thresholds) {
    }

    /** Scores at or above which each level starts; strictly increasing, in (0, 1]. */
    public record Thresholds(double low, double medium, double high, double critical) {
        public SeverityLevel levelOf(double score) {
            if (score >= critical) {
                return SeverityLevel.CRITICAL;
            }
            if (score >= high) {
                return SeverityLevel.HIGH;
            }
            if (score >= medium) {
                return SeverityLevel.MEDIUM;
            }
            return score >= low ? SeverityLevel.LOW : SeverityLevel.NONE;
        }
    }

    /** The action ladder: for each severity level, the actions to take, in order. */
    public record Actions(Map<SeverityLevel, List<Action>> ladder) {
        public Actions {
            EnumMap<SeverityLevel, List<Action>> copy = new EnumMap<>(SeverityLevel.class);
            for (SeverityLevel l : SeverityLevel.values()) {
                copy.put(l, List.copyOf(ladder.getOrDefault(l, List.of())));
            }
            ladder = java.util.Collections.unmodifiableMap(copy);
        }

        public List<Action> at(SeverityLevel level) {
            return ladder.get(level);
        }
    }

    /** What vmpbd can do to a VM (carried out by the action issue through OpenStack or libvirt). */
    public enum Action implements Named {
        /** Write the verdict into the instance's metadata. */
        METADATA,
        /** Snapshot the instance (evidence). */
        SNAPSHOT,
        /** Pause the VM. */
        PAUSE,
        /** Cut the VM off the network except for the operator. */
        QUARANTINE,
        /** Power the VM off. */
        SHUTOFF
    }

    /**
     * The trust model's parameters, named as in {@code shared/design/trust-model.md}.
     *
     * @param window  window t of T(UV, t)
     * @param alpha1  weight of E_h in the inside measurement; alpha1 + alpha2 = 1
     * @param alpha2  weight of E_c
     * @param a1      weight of M_in in T; a1 + a2 = 1
     * @param a2      weight of M_out
     * @param trusted T at or above: trusted
     * @param suspect T at or above (and below trusted): suspect; below: untrusted
     * @param eta     host check: MT ≤ eta reports the host
     */
    public record Trust(Duration window, double alpha1, double alpha2, double a1, double a2, double trusted,
                        double suspect, double eta) {
        public TrustState stateOf(double t) {
            return t >= trusted ? TrustState.TRUSTED : t >= suspect ? TrustState.SUSPECT : TrustState.UNTRUSTED;
        }

        /**
         * Distrust u in [0, 1] that enters the severity score: 0 for a trusted VM, rising linearly to 1 at T = 0:
         * {@code u = max(0, (trusted − T) / trusted)}.
         */
        public double distrust(double t) {
            double clamped = Math.min(1, Math.max(0, t));
            return trusted <= 0 ? 0 : Math.max(0, (trusted - clamped) / trusted);
        }
    }

    /** The trust states of the trust model. */
    public enum TrustState implements Named {
        TRUSTED, SUSPECT, UNTRUSTED
    }

    /** What happens to a VM when monitoring cannot run for it. */
    public enum FailMode implements Named {
        /** The VM runs unmonitored and is flagged so. */
        OPEN,
        /** The VM is paused, or its start refused. */
        CLOSED
    }

    /** Boot measurement baselines (trust model, section 1). */
    public record Integrity(OnMismatch onMismatch, Map<String, Baseline> baselines) {
        public Integrity {
            baselines = Map.copyOf(baselines);
        }
    }

    /** What a failed boot measurement (I = 0) does. */
    public enum OnMismatch implements Named {
        BLOCK, QUARANTINE
    }

    /**
     * @param alpha    α': digest of the OS image
     * @param keyFiles γ': guest path → digest of the key program
     */
    public record Baseline(String alpha, Map<String, String> keyFiles) {
        public Baseline {
            keyFiles = Map.copyOf(keyFiles);
        }
    }

    /** Enums whose policy-file spelling is their lower-case name with '-' for '_'. */
    public interface Named {
        String name();

        default String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
