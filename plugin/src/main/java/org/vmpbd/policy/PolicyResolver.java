package org.vmpbd.policy;

/**
 * The effective policy of an OpenStack project. Precedence: the tenant file that lists the project's id; else the
 * one that lists its name; else the default. Whatever applies is the built-in default ← {@code default.yaml} ← that
 * tenant file (deep merge: mappings merge, scalars and lists replace).
 */
public interface PolicyResolver {
    /**
     * @param projectId   the project's (Keystone) id, or null
     * @param projectName the project's name, or null
     */
    EffectivePolicy forProject(String projectId, String projectName);
}
