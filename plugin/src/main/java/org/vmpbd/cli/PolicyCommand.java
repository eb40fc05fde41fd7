package org.vmpbd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vmpbd policy}: tenant policies (check, show). */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Tenant policies: check policy files, show a project's effective policy.",
    subcommands = {PolicyCheckCommand.class, PolicyShowCommand.class})
final class PolicyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorHandler.USER_ERROR;
    }
}
