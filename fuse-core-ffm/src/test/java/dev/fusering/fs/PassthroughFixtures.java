package dev.fusering.fs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Helpers for calling {@link PassthroughFilesystem} directly in tests, next to the recording doubles of
 * {@code dev.fusering.testing}.
 */
final class PassthroughFixtures {

    private PassthroughFixtures() {
    }

    /**
     * Tells whether the test runs as root (the owner of {@code /proc/self}).
     *
     * @return true for uid 0
     */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"),
                "unix:uid"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Copies a string's UTF-8 bytes into a new native segment.
     *
     * @param arena the arena to allocate from
     * @param text  the text
     * @return the segment
     */
    static MemorySegment utf8(Arena arena, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MemorySegment segment = arena.allocate(Math.max(1, bytes.length)).asSlice(0, bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    /**
     * Decodes the first {@code length} bytes of a segment as UTF-8.
     *
     * @param segment the segment
     * @param length  how many bytes
     * @return the text
     */
    static String text(MemorySegment segment, long length) {
        return new String(segment.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
