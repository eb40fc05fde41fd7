package org.vmpbd.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON Schema (draft 2020-12) of a policy file, {@code policies/schema/tenant-policy.schema.json}, loaded from
 * the classpath (the build copies it into the jar). Turns the validator's errors into {@link PolicyError}s that name
 * the file, the line of the offending field and the field, in words a policy author reads.
 */
public final class PolicySchema {
    /** Classpath location of the schema. */
    public static final String RESOURCE = "/org/vmpbd/policy/schema/tenant-policy.schema.json";

    private final JsonNode schemaJson;
    private final Schema schema;

    public PolicySchema() {
        try (InputStream in = PolicySchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("policy schema missing from the classpath: " + RESOURCE);
            }
            schemaJson = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy schema " + RESOURCE, e);
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaJson);
    }

    /** The schema document itself. */
    JsonNode json() {
        return schemaJson;
    }

    /** Every schema violation of {@code doc}, sorted by line; empty when it conforms. */
    List<PolicyError> validate(PolicyDocument doc) {
        Set<PolicyError> out = new LinkedHashSet<>();
        for (Error e : schema.validate(doc.root())) {
            out.add(toPolicyError(doc, e));
        }
        return out.stream().sorted().toList();
    }

    private PolicyError toPolicyError(PolicyDocument doc, Error e) {
        String pointer = pointer(e.getInstanceLocation());
        JsonNode value = e.getInstanceNode();
        JsonNode sub = subschema(e);
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String problem;
        switch (keyword) {
            case "additionalProperties" -> {
                pointer = Fields.child(pointer, e.getProperty());
                problem = "unknown field" + knownFields(sub);
            }
            case "required" -> {
                Origin at = doc.origin(pointer);
                return PolicyError.at(at, Fields.display(Fields.child(pointer, e.getProperty())), "missing field");
            }
            case "type" -> problem = "must be " + article(typeWords(sub)) + ", got " + describe(value);
            case "enum" -> problem = "must be one of " + enumWords(sub) + ", got " + describe(value);
            case "const" -> problem = "must be " + sub.path("const") + ", got " + describe(value);
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" ->
                problem = "must be " + range(sub) + ", got " + describe(value);
            case "pattern", "minLength" -> problem = "must be " + description(sub, keyword) + ", got " + describe(value);
            case "uniqueItems" -> problem = "has the same item twice";
            case "propertyNames" -> {
                if (e.getProperty() != null) {
                    pointer = Fields.child(pointer, e.getProperty());
                }
                problem = "the name must be " + description(resolve(sub.path("propertyNames")), "pattern");
            }
            default -> problem = stripPath(e);
        }
        return PolicyError.at(doc.origin(pointer), Fields.display(pointer), problem);
    }

    /** The schema object holding the failed keyword (the error's schema location minus the keyword). */
    private JsonNode subschema(Error e) {
        String loc = e.getSchemaLocation() == null ? "" : e.getSchemaLocation().toString();
        int hash = loc.indexOf('#');
        String fragment = hash < 0 ? "" : loc.substring(hash + 1);
        String parent = Fields.parent(fragment);
        JsonNode node = schemaJson.at(parent);
        return node.isMissingNode() ? schemaJson : node;
    }

    /** Follows a local {@code $ref} ({@code #/$defs/...}). */
    private JsonNode resolve(JsonNode sub) {
        JsonNode ref = sub.get("$ref");
        if (ref != null && ref.asText().startsWith("#")) {
            return schemaJson.at(ref.asText().substring(1));
        }
        return sub;
    }

    private static String pointer(NodePath path) {
        StringBuilder sb = new StringBuilder();
        if (path == null) {
            return "";
        }
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            if (el instanceof Integer index) {
                sb.append(Fields.child("", index));
            } else {
                sb.append(Fields.child("", String.valueOf(el)));
            }
        }
        return sb.toString();
    }

    private static String knownFields(JsonNode sub) {
        JsonNode props = sub.path("properties");
        if (!props.isObject() || props.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        props.fieldNames().forEachRemaining(names::add);
        return " (known here: " + String.join(", ", names) + ")";
    }

    private static String typeWords(JsonNode sub) {
        JsonNode type = sub.path("type");
        if (type.isArray()) {
            List<String> t = new ArrayList<>();
            type.forEach(x -> t.add(typeWord(x.asText())));
            return String.join(" or ", t);
        }
        return typeWord(type.asText());
    }

    private static String typeWord(String jsonType) {
        return switch (jsonType) {
            case "object" -> "mapping";
            case "array" -> "list";
            case "integer" -> "whole number";
            default -> jsonType;
        };
    }

    private static String article(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    private static String enumWords(JsonNode sub) {
        List<String> values = new ArrayList<>();
        for (Iterator<JsonNode> it = sub.path("enum").elements(); it.hasNext(); ) {
            values.add(it.next().asText());
        }
        return String.join(", ", values);
    }

    private static String range(JsonNode sub) {
        String lo = sub.has("exclusiveMinimum") ? "(" + num(sub.get("exclusiveMinimum"))
            : sub.has("minimum") ? "[" + num(sub.get("minimum")) : null;
        String hi = sub.has("exclusiveMaximum") ? num(sub.get("exclusiveMaximum")) + ")"
            : sub.has("maximum") ? num(sub.get("maximum")) + "]" : null;
        if (lo != null && hi != null) {
            return "in " + lo + ", " + hi;
        }
        if (lo != null) {
            return (lo.startsWith("(") ? "> " : ">= ") + lo.substring(1);
        }
        return hi == null ? "in range" : (hi.endsWith(")") ? "< " : "<= ") + hi.substring(0, hi.length() - 1);
    }

    private static String num(JsonNode n) {
        return n.asText();
    }

    private static String description(JsonNode sub, String keyword) {
        if (sub.has("description")) {
            return sub.get("description").asText();
        }
        return keyword.equals("minLength") ? "a non-empty string" : "a string matching " + sub.path("pattern").asText();
    }

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "nothing (null)";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.toString();
    }

    private static String stripPath(Error e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        String prefix = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        if (!prefix.isEmpty() && m.startsWith(prefix)) {
            m = m.substring(prefix.length()).replaceFirst("^:\\s*", "");
        }
        return m.lines().map(String::strip).collect(Collectors.joining(" "));
    }
}
