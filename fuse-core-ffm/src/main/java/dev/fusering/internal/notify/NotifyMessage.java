package dev.fusering.internal.notify;

import dev.fusering.api.Errno;
import dev.fusering.internal.abi.FuseOutHeader;
import dev.fusering.internal.linux.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One notification being built: a {@code fuse_out_header} with {@code unique = 0} and
 * {@code error = code}, followed by the body, in memory of a confined arena owned by the calling thread.
 * The kernel wants the size exact (the header's {@code len} equal to the write size, no padding after a
 * name), so the message is allocated with exactly {@code 16 + bodySize} bytes and written with one
 * {@code write(2)}.
 */
final class NotifyMessage implements AutoCloseable {

    private static final long HEADER = FuseOutHeader.SIZE;

    private final Arena arena;
    private final MemorySegment message;

    /**
     * Allocates a message and fills in its header.
     *
     * @param code     the notification code ({@code NotifyCode})
     * @param bodySize the exact body size in bytes
     */
    NotifyMessage(int code, long bodySize) {
        long total = HEADER + bodySize;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a notification of " + total + " bytes is too large");
        }
        this.arena = Arena.ofConfined();
        this.message = arena.allocate(total, 8);
        message.set(ValueLayout.JAVA_INT, FuseOutHeader.LEN, (int) total);
        message.set(ValueLayout.JAVA_INT, FuseOutHeader.ERROR, code);
        message.set(ValueLayout.JAVA_LONG, FuseOutHeader.UNIQUE, 0L);
    }

    /**
     * Returns the body (zero-filled) to write the struct and its trailing data into.
     *
     * @return the body, exactly as large as requested
     */
    MemorySegment body() {
        return message.asSlice(HEADER);
    }

    /**
     * Writes the message to {@code /dev/fuse}.
     *
     * @param devFd the {@code /dev/fuse} descriptor
     * @return 0 when the kernel accepted it, else a positive errno
     */
    int send(int devFd) {
        long size = message.byteSize();
        long written = LibC.writeRaw(devFd, message, size);
        if (written < 0) {
            return (int) -written;
        }
        return written == size ? 0 : Errno.EIO.code();
    }

    /** Frees the message's memory. */
    @Override
    public void close() {
        arena.close();
    }
}
