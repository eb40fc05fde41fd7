package org.vmpbd.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.vmpbd.detect.ModelFormatException;
import org.vmpbd.detect.trace.TraceFormatException;
import org.vmpbd.policy.PolicyException;
import org.vmpbd.model.ModelStoreException;
import org.vmpbd.trap.TrapException;
import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.outbox.OutboxException;
import picocli.CommandLine;

/**
 * Turns the errors users cause (bad traces, models, arguments, trap targets, model stores, missing files) into one clear line
 * on stderr and exit code 2; anything else is a bug and keeps its stack trace (exit 1).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String message = userMessage(e);
        if (message != null) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + message);
            return USER_ERROR;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": internal error (please report):");
        e.printStackTrace(cmd.getErr());
        return 1;
    }

    static String userMessage(Throwable e) {
        if (e instanceof NoSuchFileException nsf) {
            return nsf.getFile() + ": no such file or directory";
        }
        if (e instanceof PolicyException pe) {
            int more = pe.errors().size() - 1;
            return pe.errors().get(0) + (more > 0 ? " (and " + more + " more; vmpbd policy check lists them)" : "");
        }
        if (e instanceof TraceFormatException || e instanceof ModelFormatException
            || e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException
            || e instanceof TrapException || e instanceof ModelStoreException || e instanceof OutboxException
            || e instanceof HypervisorException) {
            return e.getMessage();
        }
        if (e instanceof IOException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return null;
    }
}
