package org.vmpbd.daemon;

import org.vmpbd.libvirt.LifecycleEvent;

/** What the {@link Supervisor}'s one dispatcher thread works through, in order. */
sealed interface Signal {
    /** A libvirt lifecycle event. */
    record Lifecycle(LifecycleEvent event) implements Signal {
    }

    /** The hook said the VM started: attach, with the identity read from the hook's XML. */
    record HookStarted(VmIdentity vm) implements Signal {
    }

    /** The hook said the VM stopped or was released. */
    record HookStopped(String uuid, String name) implements Signal {
    }

    /** Look whether a pause seen a moment ago was real or the trap's own. */
    record PauseCheck(String uuid) implements Signal {
    }

    /** Compare the monitored VMs with the running domains and fix the difference. */
    record Reconcile(String why) implements Signal {
    }
}
