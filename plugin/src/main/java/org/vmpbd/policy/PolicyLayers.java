package org.vmpbd.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Policy files stacked into one tree, each value remembering the file and line it came from. Overlaying is a deep
 * merge: mappings merge key by key, scalars and lists replace. {@code version} and {@code match} belong to their
 * file and are never merged. Immutable.
 */
final class PolicyLayers {
    /** Top-level fields that describe a file, not the policy. */
    static final List<String> FILE_ONLY = List.of("version", "match");

    private final ObjectNode tree;
    private final Map<String, Origin> origins;
    private final List<String> files;

    private PolicyLayers(ObjectNode tree, Map<String, Origin> origins, List<String> files) {
        this.tree = tree;
        this.origins = Map.copyOf(origins);
        this.files = List.copyOf(files);
    }

    /** The bottom layer. */
    static PolicyLayers of(PolicyDocument doc) {
        return new PolicyLayers(JsonNodeFactory.instance.objectNode(), Map.of("", new Origin(doc.file(), 1)), List.of())
            .overlay(doc);
    }

    /** This stack with {@code doc} on top. */
    PolicyLayers overlay(PolicyDocument doc) {
        ObjectNode merged = tree.deepCopy();
        Map<String, Origin> o = new HashMap<>(origins);
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.root().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!FILE_ONLY.contains(f.getKey())) {
                merge(merged, f.getKey(), f.getValue(), Fields.child("", f.getKey()), doc, o);
            }
        }
        List<String> fs = new java.util.ArrayList<>(files);
        fs.add(doc.file());
        return new PolicyLayers(merged, o, fs);
    }

    private static void merge(ObjectNode target, String name, JsonNode value, String pointer, PolicyDocument doc,
                              Map<String, Origin> o) {
        JsonNode existing = target.get(name);
        o.put(pointer, doc.origin(pointer));
        if (value.isObject() && existing != null && existing.isObject()) {
            ObjectNode obj = (ObjectNode) existing;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                merge(obj, f.getKey(), f.getValue(), Fields.child(pointer, f.getKey()), doc, o);
            }
            return;
        }
        o.keySet().removeIf(k -> k.startsWith(pointer + "/"));
        target.set(name, value.deepCopy());
        record(value, pointer, doc, o);
    }

    private static void record(JsonNode value, String pointer, PolicyDocument doc, Map<String, Origin> o) {
        o.put(pointer, doc.origin(pointer));
        if (value.isObject()) {
            value.fields().forEachRemaining(f -> record(f.getValue(), Fields.child(pointer, f.getKey()), doc, o));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                record(value.get(i), Fields.child(pointer, i), doc, o);
            }
        }
    }

    /** The merged tree (a copy the caller may keep). */
    ObjectNode tree() {
        return tree.deepCopy();
    }

    JsonNode at(String pointer) {
        return tree.at(pointer);
    }

    /** Where the value at {@code pointer} (or its nearest recorded ancestor) came from. */
    Origin origin(String pointer) {
        String p = pointer;
        while (true) {
            Origin o = origins.get(p);
            if (o != null) {
                return o;
            }
            if (p.isEmpty()) {
                return new Origin(files.isEmpty() ? "?" : files.get(files.size() - 1), 1);
            }
            p = Fields.parent(p);
        }
    }

    /** How specific the file {@code pointer}'s value came from is: its position in {@link #files()} (higher: later). */
    int rank(String pointer) {
        return files.lastIndexOf(origin(pointer).file());
    }

    Map<String, Origin> origins() {
        return origins;
    }

    /** The files stacked, bottom first. */
    List<String> files() {
        return files;
    }
}
