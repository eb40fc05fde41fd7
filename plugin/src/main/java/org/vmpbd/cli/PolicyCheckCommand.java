package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmpbd.policy.PolicyError;
import org.vmpbd.policy.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vmpbd policy check}: validates policy files; one line per problem, exit 2 if any. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check policy files against the schema and the semantic rules (alarm rule, syscall names, "
        + "increasing thresholds, weights, one tenant file per project).",
        "Prints one line per problem, 'file:line: field: problem'; exit code 0 when all is valid, 2 otherwise."})
final class PolicyCheckCommand implements Callable<Integer> {
    private final PolicyLoader loader;
    private final CliModule.Console console;

    @Parameters(paramLabel = "DIR|FILE", arity = "0..*",
        description = "A policies directory (default.yaml and tenants/), or single policy files (default: policies).")
    List<Path> paths;

    @Inject
    PolicyCheckCommand(PolicyLoader loader, CliModule.Console console) {
        this.loader = loader;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        List<Path> targets = paths == null || paths.isEmpty() ? List.of(Path.of("policies")) : paths;
        List<PolicyError> errors = loader.check(targets);
        for (PolicyError e : errors) {
            console.out().println(e);
        }
        if (!errors.isEmpty()) {
            long files = errors.stream().map(PolicyError::file).distinct().count();
            console.err().println("vmpbd policy check: " + errors.size() + (errors.size() == 1 ? " problem" : " problems")
                + " in " + files + (files == 1 ? " file" : " files"));
            return ErrorHandler.USER_ERROR;
        }
        console.out().println("ok: " + targets.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("")
            + " valid");
        return 0;
    }
}
