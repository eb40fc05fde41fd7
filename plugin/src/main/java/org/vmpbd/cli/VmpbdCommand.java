package org.vmpbd.cli;

import picocli.CommandLine.Command;

/** {@code vmpbd}: agentless process-behaviour detection for KVM virtual machines. */
@Command(name = "vmpbd", mixinStandardHelpOptions = true, version = "vmpbd 0.1.0",
    description = "Agentless process-behaviour detection for KVM virtual machines.",
    subcommands = {DemoCommand.class, TrainCommand.class, DetectCommand.class, ReplayCommand.class, ModelCommand.class,
        ModelInfoCommand.class, PolicyCommand.class, EvaluateCommand.class, ServeCommand.class, OutboxCommand.class,
        SimulateCommand.class})
public final class VmpbdCommand {
}
