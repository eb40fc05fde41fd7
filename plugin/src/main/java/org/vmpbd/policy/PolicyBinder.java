package org.vmpbd.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmpbd.detect.AlarmRule;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;

/**
 * Turns a merged, schema-valid policy tree into a {@link TenantPolicy}, and checks what a schema cannot: the alarm
 * rule parses, the syscall filter's names are calls of its ABI, thresholds increase, weights sum to 1, a filter
 * exists when the budget says {@code filter}. Every problem names the file and line its value came from.
 */
final class PolicyBinder {
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]*)(ms|s|m|h|d)");
    private static final double SUM_TOLERANCE = 1e-9;

    /** The policy, or every problem found. */
    TenantPolicy bind(PolicyLayers layers) throws PolicyException {
        Reader r = new Reader(layers);
        TenantPolicy.Monitoring monitoring = new TenantPolicy.Monitoring(r.bool("/monitoring/enabled"));
        TenantPolicy.Trap trap = new TenantPolicy.Trap(r.text("/trap/driver"), r.bool("/trap/allowGdbstubOnNova"),
            new TenantPolicy.Budget(r.integer("/trap/budget/eventsPerSecond"),
                r.named("/trap/budget/overBudget", TenantPolicy.OverBudget.class)));
        int m = r.integer("/model/m");
        TenantPolicy.Model model = new TenantPolicy.Model(r.named("/model/selection", TenantPolicy.Selection.class), m,
            r.named("/model/idf", IdfVariant.class), r.named("/model/index", IndexKind.class),
            new TenantPolicy.Learning(r.bool("/model/learning/enabled"), r.integer("/model/learning/convergenceWindows"),
                r.duration("/model/learning/maxDuration")));
        TenantPolicy.Detection detection = new TenantPolicy.Detection(r.number("/detection/epsilon"),
            r.text("/detection/alarmRule"), r.text("/detection/abi"), r.texts("/detection/syscallFilter"));
        TenantPolicy.Severity severity = new TenantPolicy.Severity(r.duration("/severity/window"),
            r.number("/severity/weights/alarms"), r.number("/severity/weights/processes"),
            r.named("/severity/trustCombination", TrustCombination.class), r.number("/severity/trustWeight"),
            new TenantPolicy.Thresholds(r.number("/severity/thresholds/low"), r.number("/severity/thresholds/medium"),
                r.number("/severity/thresholds/high"), r.number("/severity/thresholds/critical")));
        Map<SeverityLevel, List<TenantPolicy.Action>> ladder = new EnumMap<>(SeverityLevel.class);
        for (SeverityLevel level : SeverityLevel.values()) {
            ladder.put(level, r.namedList("/actions/" + level.wireName(), TenantPolicy.Action.class));
        }
        TenantPolicy.Trust trust = new TenantPolicy.Trust(r.duration("/trust/window"), r.number("/trust/alpha1"),
            r.number("/trust/alpha2"), r.number("/trust/a1"), r.number("/trust/a2"),
            r.number("/trust/thresholds/trusted"), r.number("/trust/thresholds/suspect"), r.number("/trust/eta"));
        TenantPolicy.FailMode failMode = r.named("/failMode", TenantPolicy.FailMode.class);
        Map<String, TenantPolicy.Baseline> baselines = new LinkedHashMap<>();
        for (String image : r.keys("/integrity/baselines")) {
            String base = Fields.child("/integrity/baselines", image);
            Map<String, String> keyFiles = new LinkedHashMap<>();
            for (String path : r.keys(base + "/keyFiles")) {
                keyFiles.put(path, r.text(Fields.child(base + "/keyFiles", path)));
            }
            baselines.put(image, new TenantPolicy.Baseline(r.text(base + "/alpha"), keyFiles));
        }
        TenantPolicy.Integrity integrity = new TenantPolicy.Integrity(
            r.named("/integrity/onMismatch", TenantPolicy.OnMismatch.class), baselines);
        if (!r.errors.isEmpty()) {
            throw new PolicyException(r.errors);
        }
        TenantPolicy policy = new TenantPolicy(monitoring, trap, model, detection, severity,
            new TenantPolicy.Actions(ladder), trust, failMode, integrity);
        List<PolicyError> semantic = new ArrayList<>();
        check(policy, layers, semantic);
        if (!semantic.isEmpty()) {
            throw new PolicyException(semantic);
        }
        return policy;
    }

    private static void check(TenantPolicy p, PolicyLayers layers, List<PolicyError> errors) {
        Problems at = (pointer, problem) -> errors.add(PolicyError.at(layers.origin(pointer), Fields.display(pointer),
            problem.get()));
        double eps = p.detection().epsilon();
        if (!(eps > 0 && eps <= 1)) {
            at.add("/detection/epsilon", () -> "must be in (0, 1], got " + eps);
        }
        try {
            AlarmRule.parse(p.detection().alarmRule(), p.model().m());
        } catch (IllegalArgumentException e) {
            at.add("/detection/alarmRule", e::getMessage);
        }
        Abi abi = Abis.byName(p.detection().abi());
        List<String> filter = p.detection().syscallFilter();
        for (int i = 0; i < filter.size(); i++) {
            String name = filter.get(i);
            if (abi.numberOf(name).isEmpty() || name.equals(Abi.UNMAPPED_NAME)) {
                at.add("/detection/syscallFilter/" + i, () -> "'" + name + "' is not a system call of "
                    + abi.name() + " (detection.abi)");
            }
        }
        if (p.trap().budget().overBudget() == TenantPolicy.OverBudget.FILTER && filter.isEmpty()) {
            at.add("/trap/budget/overBudget", () -> "'filter' needs a non-empty detection.syscallFilter (the calls "
                + "to keep trapping); use 'sample' or name the calls");
        }
        TenantPolicy.Thresholds t = p.severity().thresholds();
        increasing(layers, at, "/severity/thresholds/", new String[] {"low", "medium", "high", "critical"},
            new double[] {t.low(), t.medium(), t.high(), t.critical()});
        if (p.severity().alarmWeight() <= 0 && p.severity().processWeight() <= 0) {
            at.add("/severity/weights", () -> "alarms and processes are both 0: no alarm could ever raise the score");
        }
        TenantPolicy.Trust tr = p.trust();
        sumsToOne(layers, at, "/trust/alpha1", tr.alpha1(), "/trust/alpha2", tr.alpha2());
        sumsToOne(layers, at, "/trust/a1", tr.a1(), "/trust/a2", tr.a2());
        increasing(layers, at, "/trust/thresholds/", new String[] {"suspect", "trusted"},
            new double[] {tr.suspect(), tr.trusted()});
    }

    /**
     * Checks {@code values} increase strictly. A violation is reported at whichever of the two values comes from the
     * more specific file (the one the author is editing), the later field on a tie, naming where the other one is.
     */
    private static void increasing(PolicyLayers layers, Problems at, String base, String[] names, double[] values) {
        for (int i = 1; i < values.length; i++) {
            if (!(values[i] > values[i - 1])) {
                int hi = i;
                int lo = i - 1;
                String pLo = base + names[lo];
                String pHi = base + names[hi];
                String order = String.join(" < ", names) + " must increase strictly";
                if (layers.rank(pLo) > layers.rank(pHi)) {
                    at.add(pLo, () -> "must be less than " + names[hi] + " (" + values[hi] + " at " + layers.origin(pHi)
                        + "), got " + values[lo] + "; " + order);
                } else {
                    at.add(pHi, () -> "must be greater than " + names[lo] + " (" + values[lo] + " at "
                        + layers.origin(pLo) + "), got " + values[hi] + "; " + order);
                }
            }
        }
    }

    /** Checks two weights sum to 1, reporting at the one from the more specific file (the second on a tie). */
    private static void sumsToOne(PolicyLayers layers, Problems at, String p1, double v1, String p2, double v2) {
        if (Math.abs(v1 + v2 - 1) > SUM_TOLERANCE) {
            String n1 = Fields.segments(p1).get(Fields.segments(p1).size() - 1);
            String n2 = Fields.segments(p2).get(Fields.segments(p2).size() - 1);
            boolean first = layers.rank(p1) > layers.rank(p2);
            String other = first ? p2 : p1;
            String sum = java.math.BigDecimal.valueOf(v1).add(java.math.BigDecimal.valueOf(v2)).toPlainString();
            at.add(first ? p1 : p2, () -> n1 + " + " + n2 + " must be 1, got " + v1 + " + " + v2 + " = " + sum + " ("
                + Fields.display(other) + " at " + layers.origin(other) + ")");
        }
    }

    /** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, {@code 250ms}. */
    static Duration parseDuration(String s) {
        Matcher mt = DURATION.matcher(s);
        if (!mt.matches()) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (a whole number and ms, s, m, h or d)");
        }
        long n = Long.parseLong(mt.group(1));
        return switch (mt.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Formats a duration the way policy files write it. */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private interface Problems {
        void add(String pointer, Supplier<String> problem);
    }

    /** Reads typed values; a missing or mistyped value is recorded and a placeholder returned. */
    private static final class Reader {
        final PolicyLayers layers;
        final List<PolicyError> errors = new ArrayList<>();

        Reader(PolicyLayers layers) {
            this.layers = layers;
        }

        private JsonNode node(String pointer, String what, java.util.function.Predicate<JsonNode> ok) {
            JsonNode n = layers.at(pointer);
            if (n.isMissingNode()) {
                errors.add(PolicyError.at(layers.origin(pointer), Fields.display(pointer),
                    "missing field (no layer sets it: " + String.join(" <- ", layers.files()) + ")"));
                return null;
            }
            if (!ok.test(n)) {
                errors.add(PolicyError.at(layers.origin(pointer), Fields.display(pointer),
                    "must be " + what + ", got " + PolicySchema.describe(n)));
                return null;
            }
            return n;
        }

        boolean bool(String pointer) {
            JsonNode n = node(pointer, "true or false", JsonNode::isBoolean);
            return n != null && n.booleanValue();
        }

        int integer(String pointer) {
            JsonNode n = node(pointer, "a whole number", JsonNode::canConvertToInt);
            return n == null ? 1 : n.intValue();
        }

        double number(String pointer) {
            JsonNode n = node(pointer, "a number", JsonNode::isNumber);
            return n == null ? 0.5 : n.doubleValue();
        }

        String text(String pointer) {
            JsonNode n = node(pointer, "a string", JsonNode::isTextual);
            return n == null ? "" : n.textValue();
        }

        List<String> texts(String pointer) {
            JsonNode n = node(pointer, "a list", JsonNode::isArray);
            List<String> out = new ArrayList<>();
            if (n != null) {
                for (int i = 0; i < n.size(); i++) {
                    out.add(text(Fields.child(pointer, i)));
                }
            }
            return out;
        }

        List<String> keys(String pointer) {
            JsonNode n = node(pointer, "a mapping", JsonNode::isObject);
            List<String> out = new ArrayList<>();
            if (n != null) {
                n.fieldNames().forEachRemaining(out::add);
            }
            return out;
        }

        Duration duration(String pointer) {
            String s = text(pointer);
            if (s.isEmpty()) {
                return Duration.ofSeconds(1);
            }
            try {
                return parseDuration(s);
            } catch (IllegalArgumentException e) {
                errors.add(PolicyError.at(layers.origin(pointer), Fields.display(pointer), e.getMessage()));
                return Duration.ofSeconds(1);
            }
        }

        <E extends Enum<E>> E named(String pointer, Class<E> type) {
            String s = text(pointer);
            E[] all = type.getEnumConstants();
            for (E e : all) {
                if (wire(e).equals(s)) {
                    return e;
                }
            }
            if (!s.isEmpty()) {
                List<String> names = new ArrayList<>();
                for (E e : all) {
                    names.add(wire(e));
                }
                errors.add(PolicyError.at(layers.origin(pointer), Fields.display(pointer),
                    "must be one of " + String.join(", ", names) + ", got '" + s + "'"));
            }
            return all[0];
        }

        <E extends Enum<E>> List<E> namedList(String pointer, Class<E> type) {
            JsonNode n = node(pointer, "a list", JsonNode::isArray);
            List<E> out = new ArrayList<>();
            if (n != null) {
                for (int i = 0; i < n.size(); i++) {
                    out.add(named(Fields.child(pointer, i), type));
                }
            }
            return out;
        }

        private static String wire(Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
