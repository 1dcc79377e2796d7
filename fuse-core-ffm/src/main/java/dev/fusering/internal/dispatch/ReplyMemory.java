package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * Small, allocation-free helpers for writing reply structs into native memory.
 */
final class ReplyMemory {

    /** Nanoseconds per second. */
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private ReplyMemory() {
    }

    /**
     * Writes zeros over a range without creating a slice.
     *
     * @param segment the segment to write
     * @param offset  where the range starts
     * @param length  the range's length in bytes
     */
    static void zero(MemorySegment segment, long offset, long length) {
        long i = 0;
        for (; i + 8 <= length; i += 8) {
            segment.set(JAVA_LONG_UNALIGNED, offset + i, 0L);
        }
        for (; i < length; i++) {
            segment.set(JAVA_BYTE, offset + i, (byte) 0);
        }
    }

    /**
     * Writes a timeout as the kernel's pair of {@code uint64_t} seconds and {@code uint32_t} nanoseconds.
     *
     * @param segment       the segment to write
     * @param secondsOffset where the seconds go
     * @param nanosOffset   where the nanoseconds go
     * @param nanos         the timeout in nanoseconds; negative values count as 0
     */
    static void putTimeout(MemorySegment segment, long secondsOffset, long nanosOffset, long nanos) {
        long t = Math.max(0, nanos);
        segment.set(JAVA_LONG_UNALIGNED, secondsOffset, t / NANOS_PER_SECOND);
        segment.set(JAVA_INT_UNALIGNED, nanosOffset, (int) (t % NANOS_PER_SECOND));
    }

    /**
     * Checks a nanoseconds-of-second value of a timestamp.
     *
     * @param nanoseconds the value
     * @throws IllegalArgumentException when it is outside 0..999,999,999
     */
    static void requireNanos(int nanoseconds) {
        if (nanoseconds < 0 || nanoseconds >= NANOS_PER_SECOND) {
            throw new IllegalArgumentException("nanoseconds must be in 0..999999999, got " + nanoseconds);
        }
    }
}
