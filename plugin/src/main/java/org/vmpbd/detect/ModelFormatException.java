package org.vmpbd.detect;

/** A model file that cannot be used: corrupt, truncated, of another format version, or inconsistent. */
public final class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
