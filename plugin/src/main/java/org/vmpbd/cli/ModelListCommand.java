package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import org.vmpbd.model.ModelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vmpbd model list}: every key in the store with its active and latest version. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the keys in the model store: active version, latest version and its state, corpus, learning.")
final class ModelListCommand implements Callable<Integer> {
    private final CliModule.Console console;

    @Mixin
    StoreOption store;

    @Inject
    ModelListCommand(CliModule.Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        ModelStore s = store.store();
        List<ModelKey> keys = s.keys();
        if (keys.isEmpty()) {
            console.out().println("no models in the store at " + s.root());
            return 0;
        }
        console.out().printf("%-36s %-7s %-7s %-24s %8s %s%n", "KEY", "ACTIVE", "LATEST", "STATE", "VERSIONS", "CORPUS");
        ModelStoreException first = null;
        for (ModelKey key : keys) {
            KeyIndex idx;
            try {
                idx = s.index(key);
            } catch (ModelStoreException e) {
                console.out().printf("%-36s %s%n", ModelText.key(key), "UNREADABLE (see the error below)");
                first = first == null ? e : first;
                continue;
            }
            KeyIndex.Version latest = idx.latest().orElse(null);
            String corpus = idx.corpus().segments().isEmpty() ? "-" : idx.corpus().processes() + " processes, "
                + idx.corpus().calls() + " calls";
            console.out().printf("%-36s %-7s %-7s %-24s %8d %s%n", ModelText.key(key),
                idx.active().isPresent() ? "v" + idx.active().getAsInt() : "-",
                latest == null ? "-" : "v" + latest.version(), latest == null ? "-" : ModelText.state(latest),
                idx.versions().size(), corpus);
            idx.learning().ifPresent(v -> console.out().printf("    v%d learning: %s%n", v.version(),
                ModelText.progress(v.learning())));
        }
        if (first != null) {
            throw first;
        }
        return 0;
    }
}
