package org.vmpbd.detect.abi;

/**
 * How x86-64 socket-family and SysV IPC calls appear on i386.
 */
public enum SocketCallMode {
    /**
     * Through the multiplexers {@code socketcall} (102) and {@code ipc} (117), as i386 kernels up to
     * 4.2 issued them (ADFA-LD's 2.6.38, UNM's 2.0). The default.
     */
    MULTIPLEXED,
    /**
     * Through i386's direct entry points where one of the same name exists ({@code socket} 359, ...,
     * Linux 4.3+; {@code msgget} 399, ..., Linux 5.1+); calls without one ({@code accept},
     * {@code semop}, {@code semtimedop}) stay multiplexed.
     */
    DIRECT
}
