package org.vmpbd.trap;

/** A way of trapping guest system calls (gdbstub, TCG log, replay, patched KVM). Bound in Guice. */
public interface TrapDriver {
    /** Short name used in policies and on the command line, e.g. {@code gdbstub}, {@code replay}. */
    String name();

    /** Opens a session on {@code target}; nothing is trapped until {@link TrapSession#enable()}. */
    TrapSession open(TrapTarget target) throws TrapException;
}
