package org.vmpbd.model;

/**
 * A model-store operation that cannot be done as asked: an unknown key or version, a transition
 * the version's state forbids, a corrupt index or model file (the message names the file), a key
 * being learnt elsewhere. Nothing on disk was changed when this is thrown.
 */
public class ModelStoreException extends RuntimeException {
    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
