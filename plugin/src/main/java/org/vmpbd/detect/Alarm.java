package org.vmpbd.detect;

import java.util.List;

/**
 * An alarm raised for one process by an {@link AlarmRule}, with the windows that caused it.
 *
 * @param windowIndex index of the window at which the rule fired
 */
public record Alarm(String processId, long windowIndex, String rule, List<AlarmWindow> windows) {
    public Alarm {
        windows = List.copyOf(windows);
    }
}
