package org.vmpbd.outbox;

/**
 * The outbox cannot be used as asked: a corrupt or inconsistent file (the message names the file
 * and line), a directory another process holds open, an outbox that is closed, read-only or broken
 * by an earlier write failure. I/O failures themselves are {@link java.io.IOException}s.
 */
public class OutboxException extends RuntimeException {
    public OutboxException(String message) {
        super(message);
    }

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
