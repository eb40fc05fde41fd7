package org.vmpbd.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.policy.TenantPolicy.TrustState;

/**
 * The trust of one VM over time: scores its inside (t_i) and outside (t'_i) measurements against its baseline, keeps
 * those of the policy's window, computes T(UV, t) with decay on {@link #evaluate}, maps it to a state with the
 * policy's thresholds and reports each state change to the listener. Thread-safe.
 */
public final class VmTrust {
    private final String vm;
    private final TrustBaseline baseline;
    private final TrustOptions options;
    private final TrustListener listener;
    private final OutsideScore outsideScore;
    private final WindowMean mean;
    private final List<Scored> inside = new ArrayList<>();
    private final List<Scored> outside = new ArrayList<>();
    private TenantPolicy.Trust policy;
    private InsideScore insideScore;
    private TrustFormula formula;
    private TrustState state;
    private TrustValue last;

    public VmTrust(String vm, TrustBaseline baseline, TenantPolicy.Trust policy, TrustOptions options,
                   TrustListener listener) {
        this.vm = Objects.requireNonNull(vm, "vm");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.outsideScore = new OutsideScore(options.maliciousIndex(), options.aggregation());
        this.mean = new WindowMean(options.decay(), options.edge());
        this.state = options.initialState();
        policy(policy);
    }

    /** Takes a new policy (hot reload); the window's measurements stay, the next evaluation uses the new numbers. */
    public synchronized void policy(TenantPolicy.Trust trust) {
        this.policy = Objects.requireNonNull(trust, "trust");
        this.insideScore = new InsideScore(trust.alpha1(), trust.alpha2());
        this.formula = new TrustFormula(trust.a1(), trust.a2(), options.missingInside(), options.missingOutside());
    }

    /** Scores and keeps an inside measurement; returns t_i. */
    public synchronized double inside(InsideMeasurement m) {
        double t = insideScore.t(m, baseline);
        insert(inside, new Scored(m.at(), t));
        return t;
    }

    /** Scores and keeps an outside measurement; returns t'_i. */
    public synchronized double outside(OutsideMeasurement m) {
        double t = outsideScore.t(m, baseline);
        insert(outside, new Scored(m.at(), t));
        return t;
    }

    /**
     * T(UV, t) at {@code now} over the window ending then; measurements that have left it are dropped. A state change
     * is reported to the listener before this returns; without a value the state stays.
     */
    public TrustValue evaluate(Instant now) {
        TrustTransition transition = null;
        TrustValue v;
        synchronized (this) {
            prune(inside, now);
            prune(outside, now);
            OptionalDouble mIn = mean.of(inside, now, policy.window());
            OptionalDouble mOut = mean.of(outside, now, policy.window());
            OptionalDouble t = formula.of(mIn, mOut);
            TrustValue.Basis basis = mIn.isPresent() && mOut.isPresent() ? TrustValue.Basis.BOTH
                : mOut.isPresent() ? TrustValue.Basis.OUTSIDE_ONLY
                : mIn.isPresent() ? TrustValue.Basis.INSIDE_ONLY : TrustValue.Basis.NONE;
            v = new TrustValue(now, t, mIn, mOut, mean.count(inside, now, policy.window()),
                mean.count(outside, now, policy.window()), basis);
            last = v;
            if (t.isPresent()) {
                TrustState next = policy.stateOf(t.getAsDouble());
                if (next != state) {
                    transition = new TrustTransition(vm, now, state, next, t.getAsDouble(), v);
                    state = next;
                }
            }
        }
        if (transition != null) {
            listener.transition(transition);
        }
        return v;
    }

    public synchronized TrustState state() {
        return state;
    }

    /** The value of the last {@link #evaluate}, or null before the first. */
    public synchronized TrustValue last() {
        return last;
    }

    public String vm() {
        return vm;
    }

    private static void insert(List<Scored> list, Scored s) {
        int i = list.size();
        while (i > 0 && list.get(i - 1).at().isAfter(s.at())) {
            i--;
        }
        list.add(i, s);
    }

    /** Drops measurements older than the window (those still ahead of {@code now} stay). */
    private void prune(List<Scored> list, Instant now) {
        int drop = 0;
        while (drop < list.size() && !list.get(drop).at().isAfter(now)
            && !options.edge().contains(list.get(drop).at(), now, policy.window())) {
            drop++;
        }
        list.subList(0, drop).clear();
    }
}
