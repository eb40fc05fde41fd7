package org.vmpbd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmpbd.detect.ModelCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vmpbd model-info} (also {@code vmpbd model info}): prints a model file's self-description after checking it whole. */
@Command(name = "model-info", mixinStandardHelpOptions = true,
    description = "Check a model file and print its header (ABI, M, IDF, filter, training digest, counts).")
class ModelInfoCommand implements Callable<Integer> {
    private final ModelCodec codec;
    private final CliModule.Console console;

    @Parameters(paramLabel = "MODEL")
    Path model;

    @Inject
    ModelInfoCommand(ModelCodec codec, CliModule.Console console) {
        this.codec = codec;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        codec.read(model);
        console.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(codec.readHeader(model)));
        return 0;
    }
}

/** {@code vmpbd model info}: the same as {@code vmpbd model-info}. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Check a model file and print its header (ABI, M, IDF, filter, training digest, counts).")
final class ModelFileInfoCommand extends ModelInfoCommand {
    @Inject
    ModelFileInfoCommand(ModelCodec codec, CliModule.Console console) {
        super(codec, console);
    }
}
