package dev.fusering.fs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The contents of {@link BenchFilesystem}'s {@code /big}: the byte at offset {@code i} is {@code i & 0xff},
 * a 256-byte period. {@link #segment()} holds {@value #CHUNK} bytes of the pattern plus one more period,
 * so that {@value #CHUNK} bytes starting at any phase ({@code offset & 0xff}) can be copied from it in one
 * {@code MemorySegment.copy}.
 */
final class BenchPattern {

    /** The period of the pattern in bytes. */
    static final int PERIOD = 256;

    /** The most bytes one copy from {@link #segment()} may take: 64 KiB, two copies per 128 KiB READ. */
    static final int CHUNK = 64 * 1024;

    private BenchPattern() {
    }

    /**
     * Builds the pattern in native memory owned by an automatic arena.
     *
     * @return {@code CHUNK + PERIOD} read-only bytes; byte {@code j} is {@code j & 0xff}
     */
    static MemorySegment segment() {
        MemorySegment segment = Arena.ofAuto().allocate(CHUNK + PERIOD, 4096);
        for (int j = 0; j < CHUNK + PERIOD; j++) {
            segment.set(ValueLayout.JAVA_BYTE, j, (byte) j);
        }
        return segment.asReadOnly();
    }
}
