package dev.fusering.api;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A mounted, serving filesystem, returned by {@link Session#start(Filesystem)}.
 *
 * <p>{@link #close()} drains in-flight requests within the session's shutdown timeout, unmounts, waits
 * for the engine's threads and calls {@link Filesystem#destroy()}. The session also ends by itself when
 * the mount disappears from outside (umount, fusermount3 -u, abort through fusectl).
 */
public interface RunningSession extends AutoCloseable {

    /**
     * Returns the absolute mount point.
     *
     * @return the mount point
     */
    Path mountPoint();

    /**
     * Returns the transport actually in use.
     *
     * @return {@link Transport#IO_URING} or {@link Transport#CLASSIC}
     */
    Transport transport();

    /**
     * Returns what was negotiated with the kernel.
     *
     * @return the connection parameters
     */
    ConnectionInfo connection();

    /**
     * Returns the number of transport queues: one per possible CPU for io_uring, else 0.
     *
     * @return the queue count
     */
    int queues();

    /**
     * Returns the number of transport threads (ring owners, or {@code /dev/fuse} readers: with offloaded
     * dispatch on the classic transport this grows with the number of requests that filesystem code holds at
     * the same time).
     *
     * @return the worker count
     */
    int workers();

    /**
     * Returns the notifier of this session, through which the application can invalidate or fill the
     * kernel's caches (the same object the filesystem got in
     * {@link Filesystem#init(ConnectionInfo, FuseNotifier)}). Its methods throw
     * {@link IllegalStateException} once the session has ended.
     *
     * @return the notifier
     */
    FuseNotifier notifier();

    /**
     * Returns a snapshot of the counters.
     *
     * @return the counters
     */
    SessionStats stats();

    /**
     * Returns how busy each transport queue is: one entry per io_uring queue (possible CPU), then one for
     * the {@code /dev/fuse} buffers ({@link QueueStats#DEV_FUSE}).
     *
     * @return a snapshot per queue
     */
    java.util.List<QueueStats> queueStats();

    /**
     * Tells whether the session still serves requests.
     *
     * @return false once it has terminated
     */
    boolean isRunning();

    /**
     * Returns the handle that stops this session.
     *
     * @return the shutdown handle
     */
    ShutdownHandle shutdownHandle();

    /**
     * Waits until the session has terminated (unmounted, threads ended, {@code destroy()} called).
     *
     * @param timeout how long to wait at most
     * @return true if it terminated in time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Waits until the session has terminated.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void awaitTermination() throws InterruptedException;

    /**
     * Returns the error that ended the session, if it did not end by request or by unmount.
     *
     * @return the failure, or null
     */
    Throwable failure();

    /**
     * Stops the session gracefully and waits for it: drains, unmounts, ends threads, calls
     * {@code destroy()}. Idempotent.
     */
    @Override
    void close();
}
