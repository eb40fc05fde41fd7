package org.vmpbd.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tenant's effective policy, where each of its values came from, and why it applies.
 */
public final class EffectivePolicy {
    /** Why a policy applies to a project. */
    public enum MatchedBy {
        /** A tenant file lists the project's id. */
        PROJECT_ID,
        /** No tenant file lists the id; one lists the project's name. */
        PROJECT_NAME,
        /** No tenant file matches: the default policy. */
        DEFAULT
    }

    private static final Pattern PLAIN_SCALAR = Pattern.compile("[A-Za-z0-9/][A-Za-z0-9_./:+-]*");
    private static final Pattern NUMERIC = Pattern.compile("[-+]?[0-9._]*([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[0-9:]+");
    private static final List<String> YAML_WORDS = List.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

    private final TenantPolicy policy;
    private final PolicyLayers layers;
    private final String tenantFile;
    private final MatchedBy matchedBy;

    EffectivePolicy(TenantPolicy policy, PolicyLayers layers, String tenantFile, MatchedBy matchedBy) {
        this.policy = Objects.requireNonNull(policy);
        this.layers = Objects.requireNonNull(layers);
        this.tenantFile = tenantFile;
        this.matchedBy = Objects.requireNonNull(matchedBy);
    }

    EffectivePolicy matchedBy(MatchedBy how) {
        return how == matchedBy ? this : new EffectivePolicy(policy, layers, tenantFile, how);
    }

    PolicyLayers layers() {
        return layers;
    }

    public TenantPolicy policy() {
        return policy;
    }

    /** The tenant file in force, or null when the default applies. */
    public String tenantFile() {
        return tenantFile;
    }

    public MatchedBy matchedBy() {
        return matchedBy;
    }

    /** The files stacked into this policy, bottom (the built-in default) first. */
    public List<String> files() {
        return layers.files();
    }

    /** Where each value came from, by dotted field ({@code detection.epsilon}), for every scalar and list. */
    public Map<String, Origin> provenance() {
        Map<String, Origin> out = new LinkedHashMap<>();
        walk(layers.at(""), "", (pointer, node) -> out.put(Fields.display(pointer), layers.origin(pointer)));
        return out;
    }

    /** Where the value at {@code field} (dotted, as {@link #provenance()} names it) came from, or null. */
    public Origin origin(String field) {
        return provenance().get(field);
    }

    /** The effective policy as YAML, each value followed by a comment naming the file and line it came from. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        render(layers.at(""), "", 0, sb);
        return sb.toString();
    }

    private void render(JsonNode obj, String pointer, int indent, StringBuilder sb) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String p = Fields.child(pointer, f.getKey());
            JsonNode v = f.getValue();
            sb.append("  ".repeat(indent)).append(scalar(f.getKey())).append(':');
            if (v.isObject() && !v.isEmpty()) {
                sb.append('\n');
                render(v, p, indent + 1, sb);
            } else {
                sb.append(' ').append(inline(v)).append("  # ").append(layers.origin(p)).append('\n');
            }
        }
    }

    private static String inline(JsonNode v) {
        if (v.isObject()) {
            return "{}";
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < v.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(inline(v.get(i)));
            }
            return sb.append(']').toString();
        }
        return v.isTextual() ? scalar(v.textValue()) : v.asText();
    }

    private static String scalar(String s) {
        if (PLAIN_SCALAR.matcher(s).matches() && !NUMERIC.matcher(s).matches()
            && !YAML_WORDS.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            return s;
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private interface Visitor {
        void leaf(String pointer, JsonNode node);
    }

    private static void walk(JsonNode node, String pointer, Visitor v) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(f -> walk(f.getValue(), Fields.child(pointer, f.getKey()), v));
        } else {
            v.leaf(pointer, node);
        }
    }

    @Override
    public String toString() {
        return "EffectivePolicy" + files() + " (" + matchedBy + ")";
    }
}
