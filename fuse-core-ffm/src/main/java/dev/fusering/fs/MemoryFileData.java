package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The contents of one regular file of a {@link MemoryFilesystem}: a size and a sparse map of fixed-size
 * chunks.
 *
 * <p>A chunk is {@value #CHUNK_SIZE} bytes, the block size of ext4 and the page size of tmpfs, so that
 * {@code st_blocks}, {@code SEEK_DATA} and {@code SEEK_HOLE} come out as they would on those filesystems.
 * A chunk is in one of three states:
 * <ul>
 *   <li>absent: a hole, reads as zeros, costs nothing;</li>
 *   <li>unwritten: space reserved by {@code fallocate} but never written; reads as zeros, counts as
 *       allocated ({@code st_blocks}, statfs) and as a hole for {@code SEEK_DATA}, like an unwritten extent
 *       of ext4; it holds no memory until written;</li>
 *   <li>data: a {@code byte[CHUNK_SIZE]} array.</li>
 * </ul>
 * Every byte at or after the file size reads as zero: truncating zeroes the tail of the last chunk and
 * drops the chunks after it, so growing the file again never resurrects old data.
 *
 * <p>Every allocated chunk (unwritten or data) is charged {@value #CHUNK_SIZE} bytes to the shared
 * {@link MemoryQuota}; a write that cannot get a chunk stops there (short write, or {@code ENOSPC} when
 * nothing was written).
 *
 * <p>Not thread-safe: the owning {@link MemoryNode} guards it with its lock.
 */
final class MemoryFileData {

    /** The size of one chunk in bytes. */
    static final int CHUNK_SIZE = 4096;

    /** The largest file size (2^53 bytes); writing or truncating beyond it fails with {@code EFBIG}. */
    static final long MAX_FILE_SIZE = 1L << 53;

    /** Marker value of an allocated but never written chunk; compared by identity. */
    private static final byte[] UNWRITTEN = new byte[0];

    private final MemoryQuota quota;
    private final TreeMap<Long, byte[]> chunks = new TreeMap<>();
    private long size;

    /**
     * Creates an empty file.
     *
     * @param quota the budget chunks are charged to
     */
    MemoryFileData(MemoryQuota quota) {
        this.quota = quota;
    }

    /**
     * Returns the file size.
     *
     * @return the size in bytes
     */
    long size() {
        return size;
    }

    /**
     * Returns the bytes allocated to the file, unwritten chunks included.
     *
     * @return a multiple of {@link #CHUNK_SIZE}
     */
    long allocatedBytes() {
        return (long) chunks.size() * CHUNK_SIZE;
    }

    /**
     * Copies file bytes into a buffer, stopping at the end of the file.
     *
     * @param offset the file offset, not negative
     * @param buffer where to put the bytes; its size is the requested length
     * @return the number of bytes copied (0 at or after the end of the file)
     */
    int read(long offset, MemorySegment buffer) {
        if (offset < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        if (offset >= size) {
            return 0;
        }
        int count = (int) Math.min(Math.min(buffer.byteSize(), size - offset), Integer.MAX_VALUE);
        int done = 0;
        while (done < count) {
            long position = offset + done;
            int within = (int) (position % CHUNK_SIZE);
            int length = Math.min(CHUNK_SIZE - within, count - done);
            byte[] chunk = chunks.get(position / CHUNK_SIZE);
            if (chunk == null || chunk == UNWRITTEN) {
                buffer.asSlice(done, length).fill((byte) 0);
            } else {
                MemorySegment.copy(chunk, within, buffer, ValueLayout.JAVA_BYTE, done, length);
            }
            done += length;
        }
        return count;
    }

    /**
     * Copies bytes into the file, allocating chunks as needed and growing the size.
     *
     * @param offset the file offset, not negative
     * @param data   the bytes to write
     * @return the number of bytes written; fewer than requested when the space ran out or the write
     *     reached {@link #MAX_FILE_SIZE}
     * @throws FuseException {@code EFBIG} when {@code offset} is at or beyond the maximum file size,
     *     {@code ENOSPC} when not a single byte could be stored
     */
    long write(long offset, MemorySegment data) {
        if (offset < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        long requested = data.byteSize();
        if (requested == 0) {
            return 0;
        }
        if (offset >= MAX_FILE_SIZE) {
            throw FuseException.of(Errno.EFBIG);
        }
        long count = Math.min(requested, MAX_FILE_SIZE - offset);
        long done = 0;
        while (done < count) {
            long position = offset + done;
            int within = (int) (position % CHUNK_SIZE);
            int length = (int) Math.min(CHUNK_SIZE - within, count - done);
            byte[] chunk = writableChunk(position / CHUNK_SIZE);
            if (chunk == null) {
                break;
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, done, chunk, within, length);
            done += length;
        }
        if (done == 0) {
            throw FuseException.of(Errno.ENOSPC);
        }
        size = Math.max(size, offset + done);
        return done;
    }

    /**
     * Sets the file size, dropping the chunks after a new, smaller size and zeroing the rest of the last
     * chunk. Growing allocates nothing.
     *
     * @param newSize the new size
     * @throws FuseException {@code EINVAL} for a negative size, {@code EFBIG} beyond {@link #MAX_FILE_SIZE}
     */
    void truncate(long newSize) {
        checkSize(newSize);
        if (newSize < size) {
            long firstDropped = Math.ceilDiv(newSize, CHUNK_SIZE);
            Iterator<byte[]> dropped = chunks.tailMap(firstDropped, true).values().iterator();
            while (dropped.hasNext()) {
                dropped.next();
                dropped.remove();
                quota.releaseBytes(CHUNK_SIZE);
            }
            int within = (int) (newSize % CHUNK_SIZE);
            if (within != 0) {
                zeroInChunk(newSize / CHUNK_SIZE, within, CHUNK_SIZE);
            }
        }
        size = newSize;
    }

    /**
     * Validates a requested file size.
     *
     * @param newSize the size
     * @throws FuseException {@code EINVAL} for a negative size, {@code EFBIG} beyond {@link #MAX_FILE_SIZE}
     */
    static void checkSize(long newSize) {
        if (newSize < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        if (newSize > MAX_FILE_SIZE) {
            throw FuseException.of(Errno.EFBIG);
        }
    }

    /**
     * Allocates every chunk of a range (fallocate mode 0 or {@code FALLOC_FL_KEEP_SIZE}). New chunks are
     * unwritten: they read as zeros. All or nothing: fails without change when the space does not suffice.
     *
     * @param offset   start of the range
     * @param length   length of the range, positive; {@code offset + length <= MAX_FILE_SIZE}
     * @param keepSize true to leave the size alone, false to grow it to the end of the range
     * @throws FuseException {@code ENOSPC} when the space does not suffice
     */
    void allocate(long offset, long length, boolean keepSize) {
        long end = offset + length;
        fillAbsentChunks(offset / CHUNK_SIZE, (end - 1) / CHUNK_SIZE);
        if (!keepSize) {
            size = Math.max(size, end);
        }
    }

    /**
     * Deallocates a range ({@code FALLOC_FL_PUNCH_HOLE}): chunks entirely inside it are freed, the parts of
     * chunks at its edges are zeroed. The size does not change.
     *
     * @param offset start of the range
     * @param length length of the range, positive
     */
    void punchHole(long offset, long length) {
        long end = offset + length;
        Iterator<Map.Entry<Long, byte[]>> it = chunksIn(offset, end).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, byte[]> entry = it.next();
            long index = entry.getKey();
            if (coversChunk(offset, end, index)) {
                it.remove();
                quota.releaseBytes(CHUNK_SIZE);
            } else {
                zeroPartOfChunk(index, offset, end);
            }
        }
    }

    /**
     * Zeroes a range and keeps it allocated ({@code FALLOC_FL_ZERO_RANGE}): whole chunks become unwritten,
     * the parts of chunks at its edges are zeroed, missing chunks are allocated. All or nothing with
     * respect to space.
     *
     * @param offset   start of the range
     * @param length   length of the range, positive; {@code offset + length <= MAX_FILE_SIZE}
     * @param keepSize true to leave the size alone, false to grow it to the end of the range
     * @throws FuseException {@code ENOSPC} when the space does not suffice
     */
    void zeroRange(long offset, long length, boolean keepSize) {
        long end = offset + length;
        fillAbsentChunks(offset / CHUNK_SIZE, (end - 1) / CHUNK_SIZE);
        for (Map.Entry<Long, byte[]> entry : chunksIn(offset, end).entrySet()) {
            long index = entry.getKey();
            if (coversChunk(offset, end, index)) {
                entry.setValue(UNWRITTEN);
            } else {
                zeroPartOfChunk(index, offset, end);
            }
        }
        if (!keepSize) {
            size = Math.max(size, end);
        }
    }

    /**
     * Finds the first data at or after an offset ({@code SEEK_DATA}). Unwritten chunks count as holes.
     *
     * @param offset where to start
     * @return the offset of the data
     * @throws FuseException {@code ENXIO} when {@code offset} is at or beyond the end of the file or no data
     *     follows it
     */
    long seekData(long offset) {
        if (offset < 0 || offset >= size) {
            throw FuseException.of(Errno.ENXIO);
        }
        for (Map.Entry<Long, byte[]> entry : chunks.tailMap(offset / CHUNK_SIZE, true).entrySet()) {
            if (entry.getValue() != UNWRITTEN) {
                long position = Math.max(offset, entry.getKey() * CHUNK_SIZE);
                if (position >= size) {
                    break;
                }
                return position;
            }
        }
        throw FuseException.of(Errno.ENXIO);
    }

    /**
     * Finds the first hole at or after an offset ({@code SEEK_HOLE}); the end of the file counts as one.
     *
     * @param offset where to start
     * @return the offset of the hole
     * @throws FuseException {@code ENXIO} when {@code offset} is at or beyond the end of the file
     */
    long seekHole(long offset) {
        if (offset < 0 || offset >= size) {
            throw FuseException.of(Errno.ENXIO);
        }
        long index = offset / CHUNK_SIZE;
        for (Map.Entry<Long, byte[]> entry : chunks.tailMap(index, true).entrySet()) {
            if (entry.getKey() != index || entry.getValue() == UNWRITTEN) {
                break;
            }
            index++;
        }
        return Math.min(Math.max(offset, index * CHUNK_SIZE), size);
    }

    /**
     * Copies a range of this file into a file. Spans that are holes here are punched into the target
     * instead of being written as zeros, so sparse files stay sparse. The two ranges must not overlap when
     * {@code target} is this file.
     *
     * @param offsetIn  the source offset
     * @param target    the file to copy into (may be this one)
     * @param offsetOut the target offset
     * @param length    how many bytes to copy at most
     * @return the number of bytes copied: less than {@code length} at the end of this file, at the maximum
     *     file size, or when the space ran out after some bytes were copied
     * @throws FuseException {@code ENOSPC} or {@code EFBIG} when not a single byte could be copied
     */
    long copyTo(long offsetIn, MemoryFileData target, long offsetOut, long length) {
        if (offsetIn >= size) {
            return 0;
        }
        long count = Math.min(length, size - offsetIn);
        byte[] buffer = new byte[CHUNK_SIZE];
        MemorySegment bufferSegment = MemorySegment.ofArray(buffer);
        long done = 0;
        while (done < count) {
            long in = offsetIn + done;
            long out = offsetOut + done;
            if (out >= MAX_FILE_SIZE) {
                if (done > 0) {
                    return done;
                }
                throw FuseException.of(Errno.EFBIG);
            }
            long dataStart = Math.min(nextDataOrEnd(in), offsetIn + count);
            if (dataStart > in) {
                long span = Math.min(dataStart - in, MAX_FILE_SIZE - out);
                target.punchHole(out, span);
                target.size = Math.max(target.size, out + span);
                done += span;
                continue;
            }
            int piece = (int) Math.min(CHUNK_SIZE - in % CHUNK_SIZE, count - done);
            MemorySegment slice = bufferSegment.asSlice(0, piece);
            read(in, slice);
            long written;
            try {
                written = target.write(out, slice);
            } catch (FuseException e) {
                if (done > 0) {
                    return done;
                }
                throw e;
            }
            done += written;
            if (written < piece) {
                break;
            }
        }
        return done;
    }

    /** Frees every chunk and gives its space back; the file is empty afterwards. */
    void free() {
        quota.releaseBytes(allocatedBytes());
        chunks.clear();
        size = 0;
    }

    /**
     * Returns the offset of the first data chunk at or after an offset, or the file size.
     *
     * @param offset where to start
     * @return where data starts, {@code offset} itself when it is in data
     */
    private long nextDataOrEnd(long offset) {
        for (Map.Entry<Long, byte[]> entry : chunks.tailMap(offset / CHUNK_SIZE, true).entrySet()) {
            if (entry.getValue() != UNWRITTEN) {
                return Math.min(Math.max(offset, entry.getKey() * CHUNK_SIZE), size);
            }
        }
        return size;
    }

    /**
     * Returns a live view of the chunks that overlap a byte range.
     *
     * @param from start of the range
     * @param to   end of the range, exclusive, greater than {@code from}
     * @return the chunks, by index
     */
    private NavigableMap<Long, byte[]> chunksIn(long from, long to) {
        return chunks.subMap(from / CHUNK_SIZE, true, (to - 1) / CHUNK_SIZE, true);
    }

    /**
     * Returns the data array of a chunk, allocating it (and charging the quota for a new chunk) if needed.
     *
     * @param index the chunk index
     * @return the array, or null when the space ran out
     */
    private byte[] writableChunk(long index) {
        byte[] chunk = chunks.get(index);
        if (chunk != null && chunk != UNWRITTEN) {
            return chunk;
        }
        if (chunk == null && !quota.tryReserveBytes(CHUNK_SIZE)) {
            return null;
        }
        chunk = new byte[CHUNK_SIZE];
        chunks.put(index, chunk);
        return chunk;
    }

    /**
     * Marks every absent chunk of an index range as unwritten, reserving their space first.
     *
     * @param first the first chunk index
     * @param last  the last chunk index, inclusive
     * @throws FuseException {@code ENOSPC} when the space does not suffice (nothing changes then)
     */
    private void fillAbsentChunks(long first, long last) {
        long present = chunks.subMap(first, true, last, true).size();
        long missing = last - first + 1 - present;
        if (missing > Long.MAX_VALUE / CHUNK_SIZE || !quota.tryReserveBytes(missing * CHUNK_SIZE)) {
            throw FuseException.of(Errno.ENOSPC);
        }
        for (long index = first; index <= last; index++) {
            chunks.putIfAbsent(index, UNWRITTEN);
        }
    }

    private static boolean coversChunk(long from, long to, long index) {
        long chunkStart = index * CHUNK_SIZE;
        return from <= chunkStart && chunkStart + CHUNK_SIZE <= to;
    }

    private void zeroPartOfChunk(long index, long from, long to) {
        long chunkStart = index * CHUNK_SIZE;
        int start = (int) (Math.max(from, chunkStart) - chunkStart);
        int end = (int) (Math.min(to, chunkStart + CHUNK_SIZE) - chunkStart);
        zeroInChunk(index, start, end);
    }

    private void zeroInChunk(long index, int start, int end) {
        byte[] chunk = chunks.get(index);
        if (chunk != null && chunk != UNWRITTEN) {
            Arrays.fill(chunk, start, end, (byte) 0);
        }
    }
}
