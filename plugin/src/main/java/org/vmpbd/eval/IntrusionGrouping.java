package org.vmpbd.eval;

/** What counts as one intrusion for per-intrusion detection (an intrusion is detected if any of its processes alarms). */
public enum IntrusionGrouping {
    /** Each intrusion file is one intrusion, possibly with several processes (PIDs). */
    PER_FILE("each intrusion file is one intrusion (all its processes together)"),
    /** The whole intrusion folder is one attack run (UNM lpr: the lprcp attack produces 1001 traces). */
    WHOLE_SET("the whole intrusion folder is one attack run (one intrusion)");

    private final String description;

    IntrusionGrouping(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
