package org.vmpbd.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A valid set of policies: the default and the tenant overlays. Immutable. */
public final class PolicySet implements PolicyResolver {
    /** One tenant file in force. */
    public record Tenant(String file, Set<String> projectIds, Set<String> projectNames, EffectivePolicy policy) {
        public Tenant {
            projectIds = Set.copyOf(projectIds);
            projectNames = Set.copyOf(projectNames);
        }
    }

    private final EffectivePolicy defaults;
    private final List<Tenant> tenants;

    PolicySet(EffectivePolicy defaults, List<Tenant> tenants) {
        this.defaults = Objects.requireNonNull(defaults);
        this.tenants = List.copyOf(tenants);
    }

    public EffectivePolicy defaults() {
        return defaults;
    }

    /** In file-name order. */
    public List<Tenant> tenants() {
        return tenants;
    }

    @Override
    public EffectivePolicy forProject(String projectId, String projectName) {
        if (projectId != null) {
            for (Tenant t : tenants) {
                if (t.projectIds().contains(projectId)) {
                    return t.policy().matchedBy(EffectivePolicy.MatchedBy.PROJECT_ID);
                }
            }
        }
        if (projectName != null) {
            for (Tenant t : tenants) {
                if (t.projectNames().contains(projectName)) {
                    return t.policy().matchedBy(EffectivePolicy.MatchedBy.PROJECT_NAME);
                }
            }
        }
        return defaults;
    }
}
