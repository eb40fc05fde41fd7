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

/** {@code vmpbd model rollback}: back to the version active before the current one. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Retire KEY's active version and make the version that was active before it active again.")
final class ModelRollbackCommand implements Callable<Integer> {
    private final CliModule.Console console;

    @Mixin
    StoreOption store;

    @Mixin
    ByOption by;

    @Parameters(paramLabel = "KEY", description = "IMAGE/PROGRAM, or IMAGE (= IMAGE/*).")
    String key;

    @Option(names = "--reason", paramLabel = "WHY", defaultValue = "", description = "Why, for the store's history.")
    String reason;

    @Inject
    ModelRollbackCommand(CliModule.Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        ModelStore s = store.store();
        ModelKey k = StoreOption.key(key);
        int before = s.index(k).active().orElse(-1);
        KeyIndex.Version v = s.rollback(k, by.who(), reason);
        console.out().printf("%s: rolled back to v%d; v%d retired%n", ModelText.key(k), v.version(), before);
        return 0;
    }
}
