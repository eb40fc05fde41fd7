package org.vmpbd.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One policy file as read: its tree and the line of every field in it.
 *
 * @param file  the file as the user named it (or {@link PolicyLoader#BUILT_IN} for the built-in default)
 * @param root  the document; never modified after reading
 * @param lines JSON pointer → 1-based line (of the key for a field, of the item for a list item); {@code ""} is the
 *              document
 */
record PolicyDocument(String file, ObjectNode root, Map<String, Integer> lines) {
    PolicyDocument {
        lines = Map.copyOf(lines);
    }

    /** Where {@code pointer} (or its nearest ancestor present in the file) is. */
    Origin origin(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return new Origin(file, line);
            }
            if (p.isEmpty()) {
                return new Origin(file, 1);
            }
            p = Fields.parent(p);
        }
    }
}
