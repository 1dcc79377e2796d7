package dev.fusering.testing;

import dev.fusering.api.FileName;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link FileName} over a byte array. It can be re-pointed with {@link #set(byte[])} without copying, so that one
 * instance serves many calls in allocation measurements; {@link #contentEquals} does not allocate for ASCII text.
 */
public final class TestName implements FileName {

    private byte[] bytes;

    /** Creates an empty name, to be pointed at bytes with {@link #set(byte[])}. */
    public TestName() {
        this.bytes = new byte[0];
    }

    /**
     * Creates a name over a copy of raw bytes (not necessarily UTF-8).
     *
     * @param bytes the name's bytes
     */
    public TestName(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /**
     * Creates a name from a string's UTF-8 bytes.
     *
     * @param name the name
     * @return the new name
     */
    public static TestName of(String name) {
        return new TestName().set(name);
    }

    /**
     * Points the name at bytes, without copying them.
     *
     * @param name the bytes, not modified while in use
     * @return this name
     */
    public TestName set(byte[] name) {
        this.bytes = name;
        return this;
    }

    /**
     * Points the name at a string's UTF-8 bytes (allocates).
     *
     * @param name the name
     * @return this name
     */
    public TestName set(String name) {
        return set(name.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int byteLength() {
        return bytes.length;
    }

    @Override
    public byte byteAt(int index) {
        return bytes[index];
    }

    @Override
    public boolean contentEquals(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return Arrays.equals(bytes, s.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (s.length() != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (s.charAt(i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public MemorySegment segment() {
        return MemorySegment.ofArray(bytes).asReadOnly();
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
