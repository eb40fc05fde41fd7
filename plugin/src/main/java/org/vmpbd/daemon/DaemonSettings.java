package org.vmpbd.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The daemon's settings ({@code vmpbd serve} options).
 *
 * @param uri             libvirt URI watched (read-only) and acted on (read-write)
 * @param stateDir        where the outbox lives ({@code outbox/}) and the daemon's state
 * @param policies        the policy directory ({@code default.yaml}, {@code tenants/})
 * @param models          the model store
 * @param hookSocket      the Unix socket the libvirt hook talks to
 * @param hookPolicy      the file telling the hook each tenant's fail mode
 * @param gdbSocketDir    where gdbstub sockets of running domains are created (0700)
 * @param qemuUser        the user QEMU runs as (owner of {@code gdbSocketDir})
 * @param kernels         image → guest vmlinux ({@code *}: every other image)
 * @param metricsPort     the Prometheus port on 127.0.0.1 (0: any free port, -1: none)
 * @param attachTimeout   how long attaching may keep failing retryably (guest kernel still booting)
 * @param pauseCheckDelay how long after a SUSPENDED event the daemon looks whether the pause was its own
 * @param prepareTimeout  the bound on the boot-integrity check behind the hook's prepare
 * @param lanes           detector threads per VM
 */
public record DaemonSettings(String uri, Path stateDir, Path policies, Path models, Path hookSocket, Path hookPolicy,
                             Path gdbSocketDir, String qemuUser, Map<String, Path> kernels, int metricsPort,
                             Duration attachTimeout, Duration pauseCheckDelay, Duration prepareTimeout, int lanes) {
    public DaemonSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(stateDir, "stateDir");
        kernels = Map.copyOf(kernels);
    }

    public Path outboxDir() {
        return stateDir.resolve("outbox");
    }
}
