package dev.fusering.api;

import java.lang.foreign.MemorySegment;

/**
 * A name of a directory entry as the kernel sent it: bytes without the terminating NUL, usually UTF-8.
 *
 * <p>A {@code FileName} is a view of engine-owned memory that is reused for later requests: it is only
 * valid during the {@link Filesystem} call that received it. Call {@link #toString()} to keep a copy.
 * The comparison methods let hot paths look names up without allocating.
 */
public interface FileName {

    /**
     * Returns the number of bytes in the name.
     *
     * @return the byte length (1..255 for entry names)
     */
    int byteLength();

    /**
     * Returns one byte of the name.
     *
     * @param index 0-based byte index
     * @return the byte
     * @throws IndexOutOfBoundsException if the index is outside the name
     */
    byte byteAt(int index);

    /**
     * Compares the name with a string's UTF-8 encoding, without allocating for ASCII strings.
     *
     * @param s the string to compare with
     * @return true when the bytes are equal
     */
    boolean contentEquals(String s);

    /**
     * Returns a copy of the name's bytes.
     *
     * @return a new array
     */
    byte[] toByteArray();

    /**
     * Returns a read-only view of the name's bytes in native memory, valid during the current call only.
     *
     * @return the bytes, without the terminating NUL
     */
    MemorySegment segment();

    /**
     * Decodes the name as UTF-8 (malformed bytes become U+FFFD) into a new string.
     *
     * @return the name as a string
     */
    @Override
    String toString();
}
