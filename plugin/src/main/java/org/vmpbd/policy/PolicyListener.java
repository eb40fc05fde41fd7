package org.vmpbd.policy;

import java.util.List;

/** Hears what a {@link PolicyStore} reload did. Called on the reloading thread; must not throw. */
public interface PolicyListener {
    /** {@code file} (new or changed) is in force now. */
    default void loaded(String file) {
    }

    /**
     * {@code file} is invalid and was not taken.
     *
     * @param keptPrevious whether the file's previous valid version stays in force (false: there was none, so its
     *                     projects get the default policy, or for {@code default.yaml} the built-in default)
     */
    default void rejected(String file, List<PolicyError> errors, boolean keptPrevious) {
    }

    /** {@code file} was deleted; its projects get the default policy. */
    default void removed(String file) {
    }
}
