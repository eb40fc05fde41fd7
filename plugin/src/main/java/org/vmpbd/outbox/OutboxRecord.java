package org.vmpbd.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One record of the outbox: what the daemon decided or did, in the order it happened.
 *
 * @param seq  the record's sequence number: contiguous from 1, never reused
 * @param time when it was appended
 * @param kind what it is ({@link #VERDICT}, {@link #ALARM}, {@link #ACTION}, {@link #SESSION},
 *             {@link #CONSUMER_FAILURE}, ...): lower-case letters, digits and '-', starting with a letter
 * @param vm   the domain name or uuid the record is about, or null for a record about no one VM
 * @param body the record's content
 */
public record OutboxRecord(long seq, Instant time, String kind, String vm, ObjectNode body) {
    public static final String VERDICT = "verdict";
    public static final String ALARM = "alarm";
    public static final String ACTION = "action";
    public static final String SESSION = "session";
    /** Written by the dispatcher when a consumer gave up on a record for good (see {@link OutboxConsumer.FinalFailure}). */
    public static final String CONSUMER_FAILURE = "consumer-failure";

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final int MAX_VM = 256;

    public OutboxRecord {
        if (seq < 1) {
            throw new IllegalArgumentException("outbox record seq must be >= 1, got " + seq);
        }
        Objects.requireNonNull(time, "time");
        checkKind(kind);
        checkVm(vm);
        Objects.requireNonNull(body, "body");
    }

    static void checkKind(String kind) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("outbox record kind " + (kind == null ? "null" : "'" + kind + "'")
                + ": must be 1-64 lower-case letters, digits or '-', starting with a letter");
        }
    }

    static void checkVm(String vm) {
        if (vm != null && (vm.isEmpty() || vm.length() > MAX_VM)) {
            throw new IllegalArgumentException("outbox record vm '" + vm + "': must be null or 1-" + MAX_VM
                + " characters");
        }
    }
}
