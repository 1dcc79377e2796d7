package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.fusering.api.FileName;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The {@link FileName} handed to the filesystem: a view of bytes in {@link Exchange#names}, re-pointed by
 * {@link #bind} for every request.
 */
final class NameView implements FileName {

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Creates an empty view. */
    NameView() {
    }

    /**
     * Points the view at a name.
     *
     * @param segment the segment holding the name
     * @param offset  where the name starts
     * @param length  the name's length in bytes, without NUL
     */
    void bind(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public int byteLength() {
        return length;
    }

    @Override
    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return segment.get(JAVA_BYTE, offset + index);
    }

    @Override
    public boolean contentEquals(String s) {
        return Utf8.contentEquals(segment, offset, length, s);
    }

    @Override
    public byte[] toByteArray() {
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, offset, bytes, 0, length);
        return bytes;
    }

    @Override
    public MemorySegment segment() {
        return segment.asSlice(offset, length).asReadOnly();
    }

    @Override
    public String toString() {
        return Utf8.decode(segment, offset, length);
    }
}
