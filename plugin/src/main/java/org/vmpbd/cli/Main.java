package org.vmpbd.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import picocli.CommandLine;

/** Entry point of {@code vmpbd}: Guice wires the commands, picocli parses the arguments. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs {@code vmpbd args} and returns the exit code (for tests). */
    public static int run(String... args) {
        Injector injector = Guice.createInjector(new CliModule());
        CommandLine cli = new CommandLine(VmpbdCommand.class, new GuiceFactory(injector));
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }
}
