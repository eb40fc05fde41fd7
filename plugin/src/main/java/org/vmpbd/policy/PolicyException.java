package org.vmpbd.policy;

import java.util.List;
import java.util.stream.Collectors;

/** Policy files that cannot be used, with every problem found (one {@link PolicyError} per line of the message). */
public final class PolicyException extends Exception {
    private final List<PolicyError> errors;

    public PolicyException(List<PolicyError> errors) {
        super(errors.stream().sorted().map(PolicyError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a policy exception needs at least one error");
        }
        this.errors = errors.stream().sorted().toList();
    }

    /** Sorted by file, line and field. */
    public List<PolicyError> errors() {
        return errors;
    }
}
