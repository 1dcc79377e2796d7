package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A regular file opened by {@link PassthroughFilesystem} (OPEN or CREATE): its {@link FileChannel} and how
 * it was opened.
 *
 * <p>Reads and writes are positional, so concurrent requests share the channel without locking. The channel
 * position is only used by COPY_FILE_RANGE, which holds {@link #positionLock()}.
 *
 * <p>A {@link FileChannel} is closed when a thread blocked in it is interrupted, and the engine interrupts
 * the thread of a request the kernel INTERRUPTs. {@link #io} therefore answers {@code EINTR} to the
 * interrupted request and reopens the channel for the next one, through the {@link Reopener} given at
 * creation (which opens the node's current path again and checks that it is still the same file).
 *
 * <p>Thread-safe.
 */
final class PassthroughOpenFile {

    /** {@code O_ACCMODE}: mask of the access mode bits of open(2) flags. */
    static final int O_ACCMODE = 03;
    /** {@code O_RDONLY}. */
    static final int O_RDONLY = 0;
    /** {@code O_WRONLY}. */
    static final int O_WRONLY = 01;
    /** {@code O_RDWR}. */
    static final int O_RDWR = 02;
    /** {@code O_EXCL}. */
    static final int O_EXCL = 0200;
    /** {@code O_TRUNC}. */
    static final int O_TRUNC = 01000;
    /** {@code O_APPEND}. */
    static final int O_APPEND = 02000;
    /** {@code O_DSYNC}. */
    static final int O_DSYNC = 010000;
    /** {@code O_SYNC} (includes the {@code O_DSYNC} bit). */
    static final int O_SYNC = 04010000;

    /** How many times an operation is retried when another request's interrupt closed the channel. */
    private static final int ATTEMPTS = 3;

    /**
     * Opens the file again after its channel was closed by an interrupt.
     */
    @FunctionalInterface
    interface Reopener {

        /**
         * Opens the same file again with the given options.
         *
         * @param options the open options, without {@link StandardOpenOption#TRUNCATE_EXISTING}
         * @return a new channel on the same file
         * @throws IOException when it cannot be opened
         */
        FileChannel reopen(Set<OpenOption> options) throws IOException;
    }

    /**
     * One operation on the channel.
     *
     * @param <R> the result type
     */
    @FunctionalInterface
    interface ChannelOperation<R> {

        /**
         * Runs the operation.
         *
         * @param channel the open channel
         * @return the result
         * @throws IOException as the channel throws it
         */
        R apply(FileChannel channel) throws IOException;
    }

    private final PassthroughNode node;
    private final Set<OpenOption> reopenOptions;
    private final boolean append;
    private final Reopener reopener;
    private final ReentrantLock positionLock = new ReentrantLock();
    private volatile FileChannel channel;
    private volatile boolean released;

    /**
     * Wraps a freshly opened channel.
     *
     * @param node     the node of the open file
     * @param channel  the channel
     * @param options  the options it was opened with
     * @param reopener how to open the same file again
     */
    PassthroughOpenFile(PassthroughNode node, FileChannel channel, Set<OpenOption> options, Reopener reopener) {
        this.node = node;
        this.channel = channel;
        this.append = options.contains(StandardOpenOption.APPEND);
        Set<OpenOption> again = new HashSet<>(options);
        again.remove(StandardOpenOption.TRUNCATE_EXISTING);
        again.remove(StandardOpenOption.CREATE);
        again.remove(StandardOpenOption.CREATE_NEW);
        this.reopenOptions = Set.copyOf(again);
        this.reopener = reopener;
    }

    /**
     * Derives {@link FileChannel} open options from open(2) flags. {@link LinkOption#NOFOLLOW_LINKS} is
     * always included.
     *
     * <ul>
     *   <li>The access mode gives {@code READ}, {@code WRITE} or both; with {@code writebackCache} a
     *       write-only open also reads, because the kernel then reads pages to fill its cache.</li>
     *   <li>{@code O_APPEND} gives {@code APPEND} for a write-only open unless {@code writebackCache} (whose
     *       writes carry explicit offsets). {@code java.nio} refuses {@code READ} with {@code APPEND}, so a
     *       read-write append open relies on the offsets the kernel computes for appends.</li>
     *   <li>{@code O_TRUNC} gives {@code TRUNCATE_EXISTING} when writing; {@code O_SYNC} and {@code O_DSYNC}
     *       give {@code SYNC} and {@code DSYNC}. Other flags ({@code O_DIRECT}, {@code O_NOATIME}, ...)
     *       are ignored.</li>
     * </ul>
     *
     * @param flags          the open(2) flags from the kernel
     * @param writebackCache whether the session uses the kernel's writeback cache
     * @return the options
     * @throws FuseException {@code EINVAL} for the access mode 3
     */
    static Set<OpenOption> options(int flags, boolean writebackCache) {
        Set<OpenOption> options = new HashSet<>();
        options.add(LinkOption.NOFOLLOW_LINKS);
        int access = flags & O_ACCMODE;
        boolean read = access == O_RDONLY || access == O_RDWR || (access == O_WRONLY && writebackCache);
        boolean write = access == O_WRONLY || access == O_RDWR;
        if (access == O_ACCMODE) {
            throw FuseException.of(Errno.EINVAL);
        }
        if (read) {
            options.add(StandardOpenOption.READ);
        }
        if (write) {
            options.add(StandardOpenOption.WRITE);
            if ((flags & O_APPEND) != 0 && !read) {
                options.add(StandardOpenOption.APPEND);
            }
            if ((flags & O_TRUNC) != 0) {
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
        }
        if ((flags & O_SYNC) == O_SYNC) {
            options.add(StandardOpenOption.SYNC);
        } else if ((flags & O_DSYNC) != 0) {
            options.add(StandardOpenOption.DSYNC);
        }
        return options;
    }

    /**
     * Returns the node of the open file.
     *
     * @return the node
     */
    PassthroughNode node() {
        return node;
    }

    /**
     * Tells whether the channel appends every write at the end of the file, whatever the offset.
     *
     * @return true when opened with {@code APPEND}
     */
    boolean append() {
        return append;
    }

    /**
     * Returns the lock to hold while using the channel's position (COPY_FILE_RANGE).
     *
     * @return the lock
     */
    ReentrantLock positionLock() {
        return positionLock;
    }

    /**
     * Runs an operation on the channel and translates its failure into an errno.
     *
     * <p>A request whose thread is already interrupted is answered {@code EINTR} without touching the
     * channel. When the interrupt arrives during the operation (the JDK then closes the channel) the request
     * is answered {@code EINTR} too, and the next operation reopens the channel. An operation that finds the
     * channel closed by someone else's interrupt is retried on the reopened channel.
     *
     * @param operation what to do
     * @param <R>       the result type
     * @return the operation's result
     * @throws FuseException the errno of the failure
     */
    <R> R io(ChannelOperation<R> operation) {
        if (Thread.interrupted()) {
            throw FuseException.of(Errno.EINTR);
        }
        for (int attempt = 1; ; attempt++) {
            FileChannel current = channel();
            try {
                return operation.apply(current);
            } catch (ClosedByInterruptException interrupted) {
                Thread.interrupted();
                throw FuseException.of(Errno.EINTR);
            } catch (ClosedChannelException closed) {
                if (released) {
                    throw FuseException.of(Errno.EBADF);
                }
                if (attempt >= ATTEMPTS) {
                    throw FuseException.of(Errno.EIO);
                }
            } catch (FuseException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw PassthroughErrors.toFuse(e);
            }
        }
    }

    /**
     * Closes the channel for good (RELEASE or unmount).
     */
    void close() {
        released = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing is lost: every write has already been answered.
        }
    }

    /**
     * Returns the channel for tests and diagnostics.
     *
     * @return the current channel
     */
    FileChannel currentChannel() {
        return channel;
    }

    private FileChannel channel() {
        FileChannel current = channel;
        return current.isOpen() ? current : reopen(current);
    }

    private synchronized FileChannel reopen(FileChannel stale) {
        if (released) {
            throw FuseException.of(Errno.EBADF);
        }
        if (channel != stale) {
            return channel;
        }
        try {
            FileChannel fresh = reopener.reopen(reopenOptions);
            channel = fresh;
            return fresh;
        } catch (FuseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw PassthroughErrors.toFuse(e);
        }
    }
}
