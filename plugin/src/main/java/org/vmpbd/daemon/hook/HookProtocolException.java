package org.vmpbd.daemon.hook;

/** A hook request that breaks the wire protocol; the message names what is wrong and where. */
class HookProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public HookProtocolException(String message) {
        super(message);
    }
}
