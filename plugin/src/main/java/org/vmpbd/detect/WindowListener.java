package org.vmpbd.detect;

/** Sees every scored window of a process: the behaviour trace (the paper's figures 6 and 7). */
@FunctionalInterface
public interface WindowListener {
    WindowListener NONE = (k, window, b, exact) -> { };

    /**
     * @param window the window's calls; only valid during the call
     * @param exact  whether the window is in the library ({@code b = 1})
     */
    void onWindow(long k, int[] window, double b, boolean exact);
}
