package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import org.vmpbd.model.ModelStores;
import picocli.CommandLine.Option;

/** {@code --store DIR}, shared by the {@code vmpbd model} commands. */
final class StoreOption {
    private final ModelStores stores;

    @Option(names = "--store", paramLabel = "DIR",
        description = "Model store directory (default: $VMPBD_MODEL_STORE, else /var/lib/vmpbd/models).")
    Path dir;

    @Inject
    StoreOption(ModelStores stores) {
        this.stores = stores;
    }

    ModelStore store() {
        return dir == null ? stores.defaultStore() : stores.at(dir);
    }

    /** Parses a KEY argument; a bad one is a user error. */
    static ModelKey key(String text) {
        return ModelKey.parse(text);
    }
}

/** {@code --by WHO}, for the {@code vmpbd model} commands that change the store. */
final class ByOption {
    @Option(names = "--by", paramLabel = "WHO", description = "Who does this, for the store's history (default: the "
        + "user name).")
    String by;

    String who() {
        return by != null && !by.isBlank() ? by : System.getProperty("user.name", "operator");
    }
}
