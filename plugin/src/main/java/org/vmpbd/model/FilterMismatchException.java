package org.vmpbd.model;

/**
 * A model (or a learning corpus) was built with another syscall filter than the capture it would be
 * used on: its windows would not be comparable, so it is refused rather than raising false alarms
 * or learning a mixture.
 */
public final class FilterMismatchException extends ModelStoreException {
    public FilterMismatchException(String message) {
        super(message);
    }
}
