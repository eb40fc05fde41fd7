package org.vmpbd.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML policy file into a tree, recording the line of every field and list item as it goes (Jackson's
 * streaming YAML parser keeps the location of each token), so that every later problem can name file, line and
 * field. Syntax errors name the field being read when they happened; duplicate keys are errors.
 */
final class YamlPolicyReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final YAMLFactory factory = YAMLFactory.builder().build();

    /** Reads {@code text} of {@code file}; a problem is a {@link PolicyException} naming file, line and field. */
    PolicyDocument read(String file, String text) throws PolicyException {
        State st = new State(file);
        try (Reader r = new StringReader(text); JsonParser p = factory.createParser(r)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new PolicyException(List.of(new PolicyError(file, 1, "", "empty policy file (it needs at least "
                    + "'version: 1')")));
            }
            if (t != JsonToken.START_OBJECT) {
                throw new PolicyException(List.of(new PolicyError(file, line(p.currentTokenLocation()), "",
                    "a policy file is a mapping of fields (like 'version: 1'), not a " + describe(t))));
            }
            st.lines.put("", 1);
            ObjectNode root = (ObjectNode) value(p, "", st);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                st.errors.add(new PolicyError(file, line(p.currentTokenLocation()), "",
                    "more than one YAML document in the file"));
            }
            if (!st.errors.isEmpty()) {
                throw new PolicyException(st.errors);
            }
            return new PolicyDocument(file, root, st.lines);
        } catch (JsonProcessingException e) {
            st.errors.add(syntaxError(file, e, st.current));
            throw new PolicyException(st.errors);
        } catch (IOException e) {
            throw new PolicyException(List.of(new PolicyError(file, 1, "", "cannot read: " + e.getMessage())));
        }
    }

    private static final class State {
        final String file;
        final Map<String, Integer> lines = new HashMap<>();
        final List<PolicyError> errors = new ArrayList<>();
        /** The field being read, for syntax errors. */
        String current = "";

        State(String file) {
            this.file = file;
        }
    }

    private JsonNode value(JsonParser p, String pointer, State st) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode obj = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = Fields.child(pointer, name);
                    int line = line(p.currentTokenLocation());
                    st.current = child;
                    p.nextToken();
                    JsonNode v = value(p, child, st);
                    if (obj.has(name)) {
                        st.errors.add(new PolicyError(st.file, line, Fields.display(child),
                            "duplicate key (first at line " + st.lines.get(child) + ")"));
                    } else {
                        st.lines.put(child, line);
                        obj.set(name, v);
                    }
                }
                return obj;
            }
            case START_ARRAY: {
                ArrayNode arr = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String child = Fields.child(pointer, i++);
                    st.lines.put(child, line(p.currentTokenLocation()));
                    st.current = child;
                    arr.add(value(p, child, st));
                }
                return arr;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unexpected YAML token " + t);
        }
    }

    private static PolicyError syntaxError(String file, JsonProcessingException e, String field) {
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            String problem = m.getProblem() == null ? "invalid YAML" : m.getProblem();
            String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
            return new PolicyError(file, m.getProblemMark().getLine() + 1, Fields.display(field),
                "YAML syntax: " + problem + context);
        }
        JsonLocation loc = e.getLocation();
        return new PolicyError(file, loc == null ? 1 : line(loc), Fields.display(field),
            "YAML syntax: " + oneLine(e.getOriginalMessage()));
    }

    private static String oneLine(String s) {
        return s == null ? "invalid YAML" : s.lines().findFirst().orElse("invalid YAML").strip();
    }

    private static int line(JsonLocation loc) {
        return Math.max(1, loc.getLineNr());
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "list";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }
}
