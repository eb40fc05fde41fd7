package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.ModelCodec;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vmpbd model import}: a model file (from {@code vmpbd train}) as a new candidate version of a key. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Add a model file (from vmpbd train) to the store as a new candidate version of KEY.")
final class ModelImportCommand implements Callable<Integer> {
    private final ModelCodec codec;
    private final CliModule.Console console;

    @Mixin
    StoreOption store;

    @Mixin
    ByOption by;

    @Parameters(index = "0", paramLabel = "KEY", description = "IMAGE/PROGRAM, or IMAGE (= IMAGE/*).")
    String key;

    @Parameters(index = "1", paramLabel = "MODEL", description = "The model file.")
    Path file;

    @Option(names = "--reason", paramLabel = "WHY", defaultValue = "", description = "Why, for the store's history.")
    String reason;

    @Option(names = "--promote", description = "Make it active at once.")
    boolean promote;

    @Inject
    ModelImportCommand(ModelCodec codec, CliModule.Console console) {
        this.codec = codec;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        ModelStore s = store.store();
        ModelKey k = StoreOption.key(key);
        DetectionModel model = codec.read(file);
        KeyIndex.Version v = s.importModel(k, model, by.who(), reason.isEmpty() ? "from " + file : reason);
        console.out().printf("%s: v%d imported from %s (%d windows, M=%d)%n", ModelText.key(k), v.version(), file,
            v.training().libraryWindows(), v.training().m());
        if (promote) {
            s.promote(k, v.version(), by.who(), "imported");
            console.out().printf("%s: v%d is active%n", ModelText.key(k), v.version());
        }
        return 0;
    }
}
