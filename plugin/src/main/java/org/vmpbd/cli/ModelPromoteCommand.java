package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vmpbd model promote}: makes a version the active one. */
@Command(name = "promote",
    description = {"Make a version of KEY the active one (the previously active version is retired).",
        "Without --version: the newest candidate. A version still learning (named with --version, no learner running "
            + "on it) is first trained on its corpus so far, recorded as not converged."})
final class ModelPromoteCommand implements Callable<Integer> {
    private final CliModule.Console console;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    StoreOption store;

    @Mixin
    ByOption by;

    @Parameters(paramLabel = "KEY", description = "IMAGE/PROGRAM, or IMAGE (= IMAGE/*).")
    String key;

    @Option(names = "--version", paramLabel = "N", description = "The version to promote (default: the newest candidate).")
    Integer version;

    @Option(names = "--reason", paramLabel = "WHY", defaultValue = "", description = "Why, for the store's history.")
    String reason;

    @Inject
    ModelPromoteCommand(CliModule.Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        ModelStore s = store.store();
        ModelKey k = StoreOption.key(key);
        Integer before = s.index(k).active().isPresent() ? s.index(k).active().getAsInt() : null;
        KeyIndex.Version v = s.promote(k, version, by.who(), reason);
        console.out().printf("%s: v%d is active (promoted by %s)%s%n", ModelText.key(k), v.version(), v.promoted().by(),
            before == null || before == v.version() ? "" : "; v" + before + " retired");
        return 0;
    }
}
