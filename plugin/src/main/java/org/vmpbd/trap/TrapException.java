package org.vmpbd.trap;

/** A trap driver or session could not do what was asked; the message names the VM and the cause. */
public class TrapException extends Exception {
    public TrapException(String message) {
        super(message);
    }

    public TrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
