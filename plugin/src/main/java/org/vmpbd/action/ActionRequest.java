package org.vmpbd.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.vmpbd.policy.TenantPolicy;

/**
 * An action the daemon asked for, as recorded in the outbox ({@code action-request}): which VM, which action
 * of the policy's ladder, at which level and why. {@code seq} is the request's outbox sequence number: the
 * action's identity (a snapshot is named by it, a redelivered request is recognised by it).
 */
public record ActionRequest(long seq, String domain, String uuid, TenantPolicy.Action action, String level, String cause) {
    /**
     * Reads a request body.
     *
     * @throws IllegalArgumentException naming the record and the field when the body is not a request
     */
    public static ActionRequest of(long seq, ObjectNode body) {
        String domain = text(seq, body, "domain");
        String uuid = text(seq, body, "uuid");
        String action = text(seq, body, "action");
        TenantPolicy.Action a;
        try {
            a = TenantPolicy.Action.valueOf(action.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outbox #" + seq + ": unknown action '" + action + "'");
        }
        JsonNode level = body.get("level");
        JsonNode cause = body.get("cause");
        return new ActionRequest(seq, domain, uuid, a, level == null ? "" : level.asText(), cause == null ? "" : cause.asText());
    }

    private static String text(long seq, ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException("outbox #" + seq + ": action request without '" + field + "'");
        }
        return n.asText();
    }
}
