package org.vmpbd.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Capped exponential back-off. */
class RetryBackoffTest {
    @Test
    void theDefaultDoublesFromOneSecondToAMinute() {
        List<Long> secs = IntStream.rangeClosed(1, 10).mapToObj(n -> RetryBackoff.DEFAULT.delay(n).toSeconds()).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L), secs);
        assertEquals(Duration.ofSeconds(60), RetryBackoff.DEFAULT.delay(Integer.MAX_VALUE));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> RetryBackoff.DEFAULT.delay(0));
    }
}
