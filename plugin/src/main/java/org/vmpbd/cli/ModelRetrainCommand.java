package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vmpbd model retrain}: a new candidate from the key's stored training corpus. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = {"Build a new candidate version of KEY from its stored training corpus (the corpus's ABI and "
        + "syscall filter; M and IDF of the latest version unless given).",
        "With the same settings it reproduces a learnt model exactly."})
final class ModelRetrainCommand implements Callable<Integer> {
    private final CliModule.Console console;

    @Mixin
    StoreOption store;

    @Mixin
    ByOption by;

    @Parameters(paramLabel = "KEY", description = "IMAGE/PROGRAM, or IMAGE (= IMAGE/*).")
    String key;

    @Option(names = {"-M", "--window"}, paramLabel = "M", description = "Window length M (default: the latest version's).")
    Integer m;

    @Option(names = "--idf", paramLabel = "VARIANT", description = "IDF variant: paper or smooth (default: the latest "
        + "version's).")
    IdfVariant idf;

    @Option(names = "--promote", description = "Make the new version active at once.")
    boolean promote;

    @Inject
    ModelRetrainCommand(CliModule.Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        ModelStore s = store.store();
        ModelKey k = StoreOption.key(key);
        KeyIndex.Version v = s.retrain(k, m, idf, by.who());
        KeyIndex.Training t = v.training();
        console.out().printf("%s: v%d %s: %d processes, %d calls, library %d windows, M=%d, IDF %s, digest %s%n",
            ModelText.key(k), v.version(), v.endReason(), t.processes(), t.calls(), t.libraryWindows(), t.m(), t.idf(),
            t.digest());
        if (promote) {
            s.promote(k, v.version(), by.who(), "retrained");
            console.out().printf("%s: v%d is active%n", ModelText.key(k), v.version());
        } else {
            console.out().printf("candidate; promote with: vmpbd model promote %s --version %d%n", ModelText.key(k),
                v.version());
        }
        return 0;
    }
}
