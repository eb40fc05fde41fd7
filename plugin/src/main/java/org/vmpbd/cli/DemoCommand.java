package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vmpbd.demo.DemoScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vmpbd demo}: the embedded demo (issue #5), run by {@link DemoScenario} on libvirt's in-process test driver
 * with the bundled SYNTHETIC traces and the demo tenant policy. Prints what happened and the report's path.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"The embedded demo: three VMs on libvirt's in-process test driver (test:///default), a learning "
        + "phase on their (SYNTHETIC) normal traces, live detection, one injected reverse shell, the demo policy's "
        + "actions applied through libvirt (snapshot, pause), and a report with behaviour-trace plots.",
        "No cloud and no daemon needed."})
final class DemoCommand implements Callable<Integer> {
    private final DemoScenario scenario;
    private final CliModule.Console console;

    @Option(names = "--dir", description = "Where to write traces, models and the report (default: a new temp directory).")
    Path dir;

    @Option(names = "--policies", paramLabel = "DIR",
        description = "A policies directory whose tenant files match project 'demo' (default: the built-in default "
            + "and the bundled policies/tenants/demo.yaml).")
    Path policies;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train", defaultValue = "200",
        description = "Normal learning processes per VM; learning stops earlier when it converges (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--test", defaultValue = "10", description = "Held-out normal processes per VM (default: ${DEFAULT-VALUE}).")
    int test;

    @Inject
    DemoCommand(DemoScenario scenario, CliModule.Console console) {
        this.scenario = scenario;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Path out = dir != null ? dir : Files.createTempDirectory("vmpbd-demo");
        DemoScenario.Result r = scenario.run(new DemoScenario.Settings(out, policies, seed, train, test), console.out());
        console.out().printf(Locale.ROOT, "done in %.1f s%n", r.seconds());
        return 0;
    }
}
