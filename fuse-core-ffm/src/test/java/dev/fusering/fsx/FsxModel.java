package dev.fusering.fsx;

import java.util.Arrays;
import java.util.zip.CRC32;

/** What the file under test must contain: its bytes and its size, updated by every operation fsx does. */
final class FsxModel {

    private final byte[] data;
    private int size;

    /**
     * Creates an empty model.
     *
     * @param maxSize the largest size the file may reach
     */
    FsxModel(int maxSize) {
        this.data = new byte[maxSize];
    }

    /** @return the file's size */
    int size() {
        return size;
    }

    /** @return the largest size the file may reach */
    int maxSize() {
        return data.length;
    }

    /**
     * Records a write (or a mapped write), growing the file when it ends past EOF.
     *
     * @param offset where
     * @param bytes  what
     */
    void write(int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, data, offset, bytes.length);
        size = Math.max(size, offset + bytes.length);
    }

    /**
     * Records a truncate: shrinking drops the tail, growing adds zeros.
     *
     * @param newSize the new size
     */
    void truncate(int newSize) {
        if (newSize < size) {
            Arrays.fill(data, newSize, size, (byte) 0);
        }
        size = newSize;
    }

    /**
     * Records an operation that may grow the file without writing data (fallocate mode 0).
     *
     * @param end the end of the allocated range
     */
    void extendTo(int end) {
        size = Math.max(size, end);
    }

    /**
     * Records zeroed bytes (punch hole, zero range) inside the file.
     *
     * @param offset where
     * @param length how many, cut at EOF
     */
    void zero(int offset, int length) {
        int end = Math.min(size, offset + length);
        if (offset < end) {
            Arrays.fill(data, offset, end, (byte) 0);
        }
    }

    /**
     * Returns a copy of a range of the expected content.
     *
     * @param offset where
     * @param length how many bytes; cut at EOF
     * @return the bytes
     */
    byte[] slice(int offset, int length) {
        int end = Math.min(size, offset + length);
        return offset >= end ? new byte[0] : Arrays.copyOfRange(data, offset, end);
    }

    /** @return the CRC-32 of the whole expected content (what zlib.crc32 computes) */
    long crc() {
        CRC32 crc = new CRC32();
        crc.update(data, 0, size);
        return crc.getValue();
    }
}
