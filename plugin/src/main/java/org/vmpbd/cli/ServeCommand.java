package org.vmpbd.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vmpbd.daemon.Daemon;
import org.vmpbd.daemon.DaemonModule;
import org.vmpbd.daemon.DaemonSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vmpbd serve}: runs the compute-node daemon until SIGTERM/SIGINT. When it is up it writes
 * {@code <state-dir>/serve.json} (pid, metrics port, hook socket) for scripts and tests.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"The compute-node daemon: follows libvirt, monitors every running VM as its tenant's policy says, "
        + "answers the libvirt hook, records every verdict, alarm and action in a durable outbox, carries out the "
        + "policy's actions through libvirt, and serves Prometheus metrics on 127.0.0.1."})
final class ServeCommand implements Callable<Integer> {
    private final CliModule.Console console;

    @Option(names = "--uri", defaultValue = "qemu:///system", description = "libvirt URI (default: ${DEFAULT-VALUE}).")
    String uri;

    @Option(names = "--state-dir", defaultValue = "/var/lib/vmpbd", description = "Outbox and state (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--policies", defaultValue = "/etc/vmpbd/policies", description = "Policy directory (default: ${DEFAULT-VALUE}).")
    Path policies;

    @Option(names = "--models", defaultValue = "/var/lib/vmpbd/models", description = "Model store (default: ${DEFAULT-VALUE}).")
    Path models;

    @Option(names = "--hook-socket", defaultValue = "/run/vmpbd/hook.sock",
        description = "Unix socket the libvirt hook talks to (default: ${DEFAULT-VALUE}).")
    Path hookSocket;

    @Option(names = "--hook-policy", defaultValue = "/run/vmpbd/hook-policy",
        description = "Fail modes for the hook when the daemon cannot answer (default: ${DEFAULT-VALUE}).")
    Path hookPolicy;

    @Option(names = "--gdb-sockets", defaultValue = "/run/vmpbd/gdb",
        description = "Directory (0700) of the gdbstub sockets of running domains (default: ${DEFAULT-VALUE}).")
    Path gdbSockets;

    @Option(names = "--qemu-user", defaultValue = "libvirt-qemu", description = "User QEMU runs as (default: ${DEFAULT-VALUE}).")
    String qemuUser;

    @Option(names = "--kernel", paramLabel = "IMAGE=VMLINUX",
        description = "Guest vmlinux (BTF) for an image's VMs; IMAGE '*' for all others. Repeatable.")
    List<String> kernels = List.of();

    @Option(names = "--metrics-port", defaultValue = "9464",
        description = "Prometheus port on 127.0.0.1; 0 any free port, -1 none (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--replay-dir", paramLabel = "DIR",
        description = "Offer the replay driver: a VM's calls are replayed from DIR/<name>.jsonl or DIR/default.jsonl.")
    Path replayDir;

    @Option(names = "--attach-timeout", defaultValue = "120", description = "Seconds attaching may keep failing while a guest boots (default: ${DEFAULT-VALUE}).")
    int attachTimeout;

    @Option(names = "--prepare-timeout", defaultValue = "10", description = "Bound in seconds on the boot check of the hook's prepare (default: ${DEFAULT-VALUE}).")
    int prepareTimeout;

    @Option(names = "--lanes", defaultValue = "1", description = "Detector threads per VM (default: ${DEFAULT-VALUE}).")
    int lanes;

    @Inject
    ServeCommand(CliModule.Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Path> k = new LinkedHashMap<>();
        for (String spec : kernels) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--kernel " + spec + ": expected IMAGE=VMLINUX");
            }
            Path p = Path.of(spec.substring(eq + 1));
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--kernel " + spec + ": no such file " + p);
            }
            k.put(spec.substring(0, eq), p);
        }
        if (lanes < 1 || attachTimeout < 1 || prepareTimeout < 1) {
            throw new IllegalArgumentException("--lanes, --attach-timeout and --prepare-timeout must be at least 1");
        }
        DaemonSettings settings = new DaemonSettings(uri, stateDir, policies, models, hookSocket, hookPolicy, gdbSockets,
            qemuUser, k, metricsPort, Duration.ofSeconds(attachTimeout), Duration.ofSeconds(1),
            Duration.ofSeconds(prepareTimeout), lanes);
        Files.createDirectories(stateDir);
        Injector injector = Guice.createInjector(new DaemonModule(settings, replayDir));
        Daemon daemon = injector.getInstance(Daemon.class);
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            daemon.close();
            stop.countDown();
        }, "vmpbd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        daemon.start();
        writeReady(daemon);
        console.err().println("vmpbd serve: watching " + uri + "; hook socket " + hookSocket + "; metrics "
            + (daemon.metricsPort() < 0 ? "off" : "http://127.0.0.1:" + daemon.metricsPort() + "/metrics")
            + "; outbox " + settings.outboxDir());
        stop.await();
        return 0;
    }

    private void writeReady(Daemon daemon) throws IOException {
        Path ready = stateDir.resolve("serve.json");
        Path tmp = stateDir.resolve("serve.json.tmp");
        Files.writeString(tmp, "{\"pid\": " + ProcessHandle.current().pid() + ", \"metricsPort\": " + daemon.metricsPort()
            + ", \"hookSocket\": \"" + hookSocket.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n");
        Files.move(tmp, ready, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
