package org.vmpbd.cli;

import picocli.CommandLine.Command;

/** {@code vmpbd model}: the model store and learning mode. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = {"Model store and learning mode: models keyed by IMAGE/PROGRAM (PROGRAM = the process's comm), "
        + "with IMAGE/* (or just IMAGE) the image-wide fallback.",
        "Store directory: --store DIR, else $VMPBD_MODEL_STORE, else /var/lib/vmpbd/models."},
    subcommands = {ModelListCommand.class, ModelShowCommand.class, ModelLearnCommand.class, ModelPromoteCommand.class,
        ModelRollbackCommand.class, ModelRetrainCommand.class, ModelImportCommand.class, ModelFileInfoCommand.class})
final class ModelCommand {
}
