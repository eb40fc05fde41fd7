package org.vmpbd.daemon;

import com.google.inject.Provider;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vmpbd.daemon.hook.HookPolicyFile;
import org.vmpbd.policy.PolicyError;
import org.vmpbd.policy.PolicyListener;
import org.vmpbd.policy.PolicySet;
import org.vmpbd.policy.PolicyStore;
import org.vmpbd.policy.TenantPolicy;

/**
 * Keeps the hook's policy file (each tenant's fail mode, for when the daemon cannot answer) in step with the
 * policies: written at start and after every reload. Tenants matched only by project name cannot be told apart
 * by the hook (it reads the project UUID from the XML); their VMs get the default's fail mode when the daemon is
 * down. The timeout written is the daemon's prepare bound plus 2 s, so the daemon's own bound decides first.
 */
final class HookPolicyPublisher implements PolicyListener {
    private static final Logger LOG = LoggerFactory.getLogger(HookPolicyPublisher.class);
    private final HookPolicyFile file;
    private final Provider<PolicyStore> store;
    private final Duration prepareTimeout;
    /** Reloads during the store's own construction are not published (the store is not there yet). */
    private volatile boolean armed;

    HookPolicyPublisher(HookPolicyFile file, Provider<PolicyStore> store, Duration prepareTimeout) {
        this.file = file;
        this.store = store;
        this.prepareTimeout = prepareTimeout;
    }

    /** Writes the file now, and after every later reload. */
    void publish() {
        armed = true;
        PolicySet set = store.get().current();
        Map<String, TenantPolicy.FailMode> projects = new LinkedHashMap<>();
        for (PolicySet.Tenant t : set.tenants()) {
            for (String id : t.projectIds()) {
                if (HookPolicyFile.PROJECT_ID.matcher(id).matches()) {
                    projects.put(id, t.policy().policy().failMode());
                } else {
                    LOG.warn("{}: project id '{}' cannot be matched by the hook; its VMs get the default fail mode "
                        + "while the daemon is down", t.file(), id);
                }
            }
        }
        try {
            file.write(set.defaults().policy().failMode(), projects,
                Optional.of(Duration.ofSeconds(prepareTimeout.toSeconds() + 2)));
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write the hook's policy file {}: {}", file.path(), e.getMessage());
        }
    }

    @Override
    public void loaded(String f) {
        if (armed) {
            publish();
        }
    }

    @Override
    public void rejected(String f, List<PolicyError> errors, boolean keptPrevious) {
        LOG.warn("policy {} rejected ({} problems){}", f, errors.size(), keptPrevious ? "; the previous version stays" : "");
    }

    @Override
    public void removed(String f) {
        if (armed) {
            publish();
        }
    }
}
