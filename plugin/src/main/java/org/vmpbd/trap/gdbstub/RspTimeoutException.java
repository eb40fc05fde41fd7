package org.vmpbd.trap.gdbstub;

import java.io.IOException;

/** The gdbstub did not answer within the deadline (a hung or stopped QEMU). */
public final class RspTimeoutException extends IOException {
    public RspTimeoutException(String message) {
        super(message);
    }
}
