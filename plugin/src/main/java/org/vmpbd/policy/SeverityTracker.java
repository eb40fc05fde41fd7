package org.vmpbd.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.vmpbd.detect.Alarm;

/**
 * One VM's severity over a sliding window W (ARCHITECTURE.md, "Severity"): with a = alarms and p = distinct
 * alarming processes in (now − W, now], the detection score is {@code s_d = 1 − exp(−(w_a·a + w_p·p))}; the trust
 * value T, when known, enters as distrust {@code u = max(0, (θ_trusted − T)/θ_trusted)} through the policy's
 * {@link TrustCombination}; the level is the highest whose threshold the score reaches.
 *
 * <p>Memory is bounded: at most {@link #MAX_ALARMS} alarm times and {@link #MAX_PROCESSES} processes are kept;
 * beyond that the oldest go and the reading says it is saturated. Time comes from the injected clock. Thread-safe.
 */
public final class SeverityTracker {
    public static final int MAX_ALARMS = 4096;
    public static final int MAX_PROCESSES = 1024;

    private final Clock clock;
    private TenantPolicy.Severity severity;
    private TenantPolicy.Trust trustPolicy;
    /** Alarm times (epoch ms), a ring oldest first; grows by doubling up to {@link #MAX_ALARMS}. */
    private long[] times = new long[16];
    private int head;
    private int count;
    /** Process → time of its last alarm, least recent first. */
    private final LinkedHashMap<String, Long> lastAlarm = new LinkedHashMap<>();
    private long saturatedUntil = Long.MIN_VALUE;
    private double trust = Double.NaN;

    public SeverityTracker(TenantPolicy policy, Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        policy(policy);
    }

    /** Takes a new policy (hot reload); the window's alarms stay. */
    public synchronized void policy(TenantPolicy policy) {
        this.severity = policy.severity();
        this.trustPolicy = policy.trust();
    }

    /** Records an alarm of {@code processId} now. */
    public synchronized void alarm(String processId) {
        long now = clock.millis();
        evict(now);
        if (count == times.length && times.length < MAX_ALARMS) {
            long[] grown = new long[Math.min(MAX_ALARMS, times.length * 2)];
            for (int i = 0; i < count; i++) {
                grown[i] = times[(head + i) % times.length];
            }
            times = grown;
            head = 0;
        }
        if (count == MAX_ALARMS) {
            head = (head + 1) % MAX_ALARMS;
            count--;
            saturatedUntil = now + severity.window().toMillis();
        }
        times[(head + count) % times.length] = now;
        count++;
        lastAlarm.remove(processId);
        lastAlarm.put(processId, now);
        if (lastAlarm.size() > MAX_PROCESSES) {
            Iterator<String> it = lastAlarm.keySet().iterator();
            it.next();
            it.remove();
            saturatedUntil = now + severity.window().toMillis();
        }
    }

    /** Records an alarm now. */
    public void alarm(Alarm alarm) {
        alarm(alarm.processId());
    }

    /** The VM's latest trust value T in [0, 1] (from the trust model), or NaN for none. */
    public synchronized void trust(double t) {
        if (!Double.isNaN(t) && (t < 0 || t > 1)) {
            throw new IllegalArgumentException("trust value must be in [0, 1], got " + t);
        }
        this.trust = t;
    }

    /** The severity now. */
    public synchronized SeverityReading read() {
        long now = clock.millis();
        evict(now);
        OptionalDouble t = Double.isNaN(trust) ? OptionalDouble.empty() : OptionalDouble.of(trust);
        double sd = detectionScore(severity, count, lastAlarm.size());
        double s = t.isPresent()
            ? severity.trustCombination().combine(sd, trustPolicy.distrust(t.getAsDouble()), severity.trustWeight())
            : sd;
        return new SeverityReading(Instant.ofEpochMilli(now), count, lastAlarm.size(), sd, t, s,
            severity.thresholds().levelOf(s), now < saturatedUntil);
    }

    /** {@code s_d = 1 − exp(−(w_a·a + w_p·p))}. */
    public static double detectionScore(TenantPolicy.Severity severity, int alarms, int processes) {
        return -Math.expm1(-(severity.alarmWeight() * alarms + severity.processWeight() * processes));
    }

    private void evict(long now) {
        long cutoff = now - severity.window().toMillis();
        while (count > 0 && times[head] <= cutoff) {
            head = (head + 1) % times.length;
            count--;
        }
        for (Iterator<Map.Entry<String, Long>> it = lastAlarm.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() <= cutoff) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
