package org.vmpbd.daemon;

/** Attaching a trap session failed; {@link #retryable()} when a later attempt may succeed. */
public final class AttachException extends Exception {
    private final boolean retryable;

    public AttachException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
