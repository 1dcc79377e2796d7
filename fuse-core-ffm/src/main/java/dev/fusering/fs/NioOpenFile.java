package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * One open file of a {@link NioFilesystem}: the provider's channel and how to do positional I/O on it.
 *
 * <p>A {@link FileChannel} (the default provider, a zip archive opened for reading or writing) reads and
 * writes at explicit offsets without a lock. Any other {@link SeekableByteChannel} is positioned then read
 * or written under this object's monitor. A channel that cannot be positioned (some providers' write-only
 * channels) accepts only sequential writes: a write at another offset than where the previous one ended is
 * answered {@code ESPIPE}.
 *
 * <p>Thread-safe.
 */
final class NioOpenFile {

    private final SeekableByteChannel channel;
    private final boolean writable;
    private final long nodeId;
    /** Where the next sequential write of a channel that cannot be positioned must start. */
    private long sequentialEnd;

    /**
     * Wraps a channel.
     *
     * @param channel  the provider's channel, owned by this object from now on
     * @param writable whether it was opened for writing
     * @param nodeId   the node it was opened on, 0 for a temporary channel
     */
    NioOpenFile(SeekableByteChannel channel, boolean writable, long nodeId) {
        this.channel = channel;
        this.writable = writable;
        this.nodeId = nodeId;
    }

    /**
     * Returns the node the file was opened on.
     *
     * @return the node id, 0 for a temporary channel
     */
    long nodeId() {
        return nodeId;
    }

    /**
     * Returns the channel's current size, which includes what was written through it.
     *
     * @return the size in bytes
     * @throws IOException as the channel reports it
     */
    long size() throws IOException {
        return channel.size();
    }

    /**
     * Tells whether the file was opened for writing.
     *
     * @return true when writable
     */
    boolean writable() {
        return writable;
    }

    /**
     * Reads up to {@code buffer.byteSize()} bytes from {@code offset}, stopping early only at end of file.
     *
     * @param offset the file offset
     * @param buffer where to put the bytes
     * @return how many bytes were read
     * @throws IOException as the channel reports it
     */
    int read(long offset, MemorySegment buffer) throws IOException {
        ByteBuffer target = buffer.asByteBuffer();
        if (channel instanceof FileChannel file) {
            while (target.hasRemaining()) {
                int n = file.read(target, offset + target.position());
                if (n < 0) {
                    break;
                }
            }
            return target.position();
        }
        synchronized (this) {
            channel.position(offset);
            while (target.hasRemaining()) {
                if (channel.read(target) < 0) {
                    break;
                }
            }
            return target.position();
        }
    }

    /**
     * Writes all of {@code data} at {@code offset}.
     *
     * @param offset the file offset
     * @param data   the bytes
     * @return how many bytes were written (all)
     * @throws IOException as the channel reports it
     */
    int write(long offset, MemorySegment data) throws IOException {
        ByteBuffer source = data.asByteBuffer();
        if (channel instanceof FileChannel file) {
            while (source.hasRemaining()) {
                file.write(source, offset + source.position());
            }
            return source.position();
        }
        synchronized (this) {
            try {
                channel.position(offset);
            } catch (UnsupportedOperationException notSeekable) {
                if (offset != sequentialEnd) {
                    throw FuseException.of(Errno.ESPIPE);
                }
            }
            while (source.hasRemaining()) {
                channel.write(source);
            }
            sequentialEnd = offset + source.position();
            return source.position();
        }
    }

    /**
     * Sets the size of the file: truncates, or extends with zeros by writing a zero byte at the new last
     * offset.
     *
     * @param size the new size
     * @throws IOException as the channel reports it
     */
    void resize(long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            ByteBuffer zero = ByteBuffer.allocate(1);
            if (channel instanceof FileChannel file) {
                file.write(zero, size - 1);
            } else {
                synchronized (this) {
                    channel.position(size - 1);
                    channel.write(zero);
                }
            }
        }
    }

    /**
     * Forces written data to storage, when the channel can ({@link FileChannel#force}).
     *
     * @param metadata whether metadata must be written too
     * @throws IOException as the channel reports it
     */
    void force(boolean metadata) throws IOException {
        if (channel instanceof FileChannel file) {
            file.force(metadata);
        }
    }

    /**
     * Closes the channel (for a zip archive, this is when the entry is stored in the archive's state).
     *
     * @throws IOException as the channel reports it
     */
    void close() throws IOException {
        channel.close();
    }
}
