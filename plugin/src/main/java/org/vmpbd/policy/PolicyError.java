package org.vmpbd.policy;

/**
 * One problem in a policy file, printed as {@code file:line: field: problem}, e.g.
 * {@code policies/tenants/webshop.yaml:12: detection.epsilon: must be in (0, 1], got 1.5}.
 *
 * @param field the dotted field path ({@code severity.thresholds.low}, {@code actions.high[1]}), or empty for
 *              the whole file
 */
public record PolicyError(String file, int line, String field, String problem) implements Comparable<PolicyError> {
    static PolicyError at(Origin origin, String field, String problem) {
        return new PolicyError(origin.file(), origin.line(), field, problem);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + problem;
    }

    @Override
    public int compareTo(PolicyError o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : field.compareTo(o.field);
    }
}
