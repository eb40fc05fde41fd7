package org.vmpbd.outbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small record bodies for the tests. */
final class Bodies {
    private Bodies() {
    }

    /** A body carrying {@code i}, of a length that varies with it. */
    static ObjectNode n(long i) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("n", Math.toIntExact(i)); // an int: JSON reads small numbers back as ints
        n.put("pad", "x".repeat((int) (i % 17)));
        return n;
    }
}
