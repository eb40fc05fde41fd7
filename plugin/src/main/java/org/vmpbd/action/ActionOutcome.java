package org.vmpbd.action;

/** What carrying out an action did: {@code done} false when it was not possible here (the detail says why). */
public record ActionOutcome(boolean done, String detail) {
    public static ActionOutcome done(String detail) {
        return new ActionOutcome(true, detail);
    }

    public static ActionOutcome notDone(String detail) {
        return new ActionOutcome(false, detail);
    }
}
