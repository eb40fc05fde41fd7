package org.vmpbd.detect;

/**
 * One window behind an alarm: its index in the process's window sequence, its calls and its
 * behaviour value {@code b_k} (the best library similarity; below epsilon).
 */
public record AlarmWindow(long index, int[] calls, double similarity) {
}
