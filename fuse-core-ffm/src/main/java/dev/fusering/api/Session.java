package dev.fusering.api;

import dev.fusering.internal.linux.CpuList;
import dev.fusering.internal.session.SessionEngine;
import dev.fusering.internal.session.ShutdownSignal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Mounts a {@link Filesystem} and serves it until it is unmounted or shut down.
 *
 * <pre>{@code
 * Session session = new Session(Path.of("/mnt/mem"), MountOptions.defaults())
 *         .queueDepth(16)
 *         .transport(Transport.AUTO);
 * try (RunningSession running = session.start(new MemoryFilesystem())) {
 *     // the filesystem is mounted and serving here
 * }
 * }</pre>
 *
 * <p>The life of a session: open {@code /dev/fuse}, mount(2), answer FUSE_INIT (calling
 * {@link Filesystem#init}), start the transport (per-CPU io_uring queues striped over worker threads,
 * plus a {@code /dev/fuse} reader that is always running; or {@code /dev/fuse} readers only), serve, and on
 * shutdown drain in-flight requests, unmount, end the threads and call {@link Filesystem#destroy} once.
 *
 * <p>The setters configure the session before it starts and return it; a session can be started once.
 */
public final class Session {

    /** The default number of io_uring entries per queue. */
    public static final int DEFAULT_QUEUE_DEPTH = 16;

    /** The largest accepted queue depth. */
    public static final int MAX_QUEUE_DEPTH = 1024;

    /** The default time {@link RunningSession#close()} waits for in-flight requests. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final Path mountPoint;
    private final MountOptions options;
    private int queueDepth = DEFAULT_QUEUE_DEPTH;
    private int workerCount = CpuList.possibleCpuCount();
    private Transport transport = Transport.AUTO;
    private DispatchMode dispatch = DispatchMode.AUTO;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private boolean idleRingOwners = true;
    private RequestObserver observer;
    private final AtomicBoolean started = new AtomicBoolean();
    private final ShutdownSignal shutdown = new ShutdownSignal();

    /**
     * Creates a session for a mount point. Nothing is mounted until {@link #run} or {@link #start}.
     *
     * @param mountPoint an existing empty directory
     * @param options    the mount options
     */
    public Session(Path mountPoint, MountOptions options) {
        this.mountPoint = Objects.requireNonNull(mountPoint, "mountPoint").toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Sets the number of io_uring entries per queue (per possible CPU), 1..{@value #MAX_QUEUE_DEPTH}.
     * Ring memory is about queues × depth × max(maxWrite, 128 KiB), touched only as it is used (2 MiB at a time
     * where transparent huge pages are enabled: each ring owner's payloads are advised {@code MADV_HUGEPAGE}).
     *
     * @param queueDepth entries per queue
     * @return this session
     */
    public Session queueDepth(int queueDepth) {
        if (queueDepth < 1 || queueDepth > MAX_QUEUE_DEPTH) {
            throw new IllegalArgumentException("queueDepth must be between 1 and " + MAX_QUEUE_DEPTH + ", got "
                    + queueDepth);
        }
        checkNotStarted();
        this.queueDepth = queueDepth;
        return this;
    }

    /**
     * Sets the number of transport threads. With io_uring each owns one ring and serves the queues
     * {@code w, w + workers, ...}; more workers than possible CPUs are capped. With the classic transport
     * it is the number of {@code /dev/fuse} reader threads started with the mount; with offloaded dispatch a
     * reader runs the request it read and starts one more reader when no other one is free to read (up to one
     * per request slot), so blocking filesystem code never stops the others. Defaults to the number of
     * possible CPUs.
     *
     * @param workerCount at least 1
     * @return this session
     */
    public Session workerCount(int workerCount) {
        if (workerCount < 1 || workerCount > 1024) {
            throw new IllegalArgumentException("workerCount must be between 1 and 1024, got " + workerCount);
        }
        checkNotStarted();
        this.workerCount = workerCount;
        return this;
    }

    /**
     * Chooses the transport; {@link Transport#AUTO} by default.
     *
     * @param transport the transport
     * @return this session
     */
    public Session transport(Transport transport) {
        checkNotStarted();
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /**
     * Chooses which thread runs filesystem code; {@link DispatchMode#AUTO} by default.
     *
     * @param dispatch the dispatch mode
     * @return this session
     */
    public Session dispatch(DispatchMode dispatch) {
        checkNotStarted();
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
        return this;
    }

    /**
     * Lets an io_uring ring owner under inline dispatch serve requests, commit their replies and wait for the
     * next ones under {@code SCHED_IDLE}; on by default. The owner switches to {@code SCHED_IDLE} once, at the
     * wait after its first request, and stays there. Under offloaded dispatch the runner thread that took a ring
     * entry over does the same for the requests of its entry. A CPU whose only running thread is
     * {@code SCHED_IDLE} counts as idle when the reply wakes the application, so the application stays on its
     * CPU instead of being moved to another one every few requests (sequential 128 KiB I/O from one thread:
     * 1.25x / 1.33x libfuse's reads / writes in run 9 of {@code docs/performance.md}, against 0.90x / 0.86x
     * without; a stat loop: 17-20k instead of 10-17k stat/s in session 10). The filesystem's methods therefore
     * run under {@code SCHED_IDLE}. A thread they start inherits {@code SCHED_IDLE} and is switched back to
     * the normal policy within milliseconds. An owner found starved (runnable for a few milliseconds without
     * serving anything, as when a busy normal thread shares its CPU or a method computes for that long) is
     * switched back to the normal policy at once and kept there for a while; an owner that served nothing for
     * a second also returns to the normal policy until its next request. Needs {@code CAP_SYS_NICE} (root has
     * it); without it, and on the classic transport, this setting changes nothing.
     *
     * @param idleRingOwners false to keep ring owners under the normal scheduling policy
     * @return this session
     */
    public Session idleRingOwners(boolean idleRingOwners) {
        checkNotStarted();
        this.idleRingOwners = idleRingOwners;
        return this;
    }

    /**
     * Sets how long a graceful shutdown waits for in-flight requests before unmounting anyway.
     *
     * @param shutdownTimeout a non-negative duration
     * @return this session
     */
    public Session shutdownTimeout(Duration shutdownTimeout) {
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative, got " + shutdownTimeout);
        }
        checkNotStarted();
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }

    /**
     * Installs an observer that is told about every request (operation, duration, outcome, bytes), e.g. to
     * feed metrics. None by default, which costs nothing on the request path.
     *
     * @param observer the observer, or null for none
     * @return this session
     */
    public Session observer(RequestObserver observer) {
        checkNotStarted();
        this.observer = observer;
        return this;
    }

    /**
     * Returns the handle that stops this session, usable before and after it starts.
     *
     * @return the shutdown handle
     */
    public ShutdownHandle shutdownHandle() {
        return shutdown;
    }

    /**
     * Mounts and serves {@code fs}, blocking until the session ends (shutdown requested, unmounted from
     * outside, or a fatal error), then unmounts.
     *
     * @param fs the filesystem
     * @throws FuseMountException if the mount cannot be made, or the session ended with a fatal error
     * @throws InterruptedException if the calling thread is interrupted while serving (the session is
     *                              shut down first)
     */
    public void run(Filesystem fs) throws FuseMountException, InterruptedException {
        RunningSession running = start(fs);
        try {
            running.awaitTermination();
        } catch (InterruptedException e) {
            running.close();
            throw e;
        }
        Throwable failure = running.failure();
        if (failure != null) {
            throw new FuseMountException(FuseMountException.Reason.INIT_FAILED,
                    "session at " + mountPoint + " failed: " + failure.getMessage(), failure);
        }
    }

    /**
     * Mounts {@code fs} and returns once it serves requests.
     *
     * @param fs the filesystem
     * @return the running session; close it to unmount
     * @throws FuseMountException if the mount cannot be made
     * @throws IllegalStateException if this session was started before
     */
    public RunningSession start(Filesystem fs) throws FuseMountException {
        Objects.requireNonNull(fs, "fs");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("session for " + mountPoint + " was already started");
        }
        return SessionEngine.start(this, fs, shutdown);
    }

    private void checkNotStarted() {
        if (started.get()) {
            throw new IllegalStateException("session for " + mountPoint + " is already started");
        }
    }

    /**
     * Returns the absolute mount point.
     *
     * @return the absolute mount point
     */
    public Path mountPoint() {
        return mountPoint;
    }

    /**
     * Returns the mount options.
     *
     * @return the mount options
     */
    public MountOptions options() {
        return options;
    }

    /**
     * Returns entries per io_uring queue.
     *
     * @return entries per io_uring queue
     */
    public int queueDepth() {
        return queueDepth;
    }

    /**
     * Returns the requested number of transport threads.
     *
     * @return the requested number of transport threads
     */
    public int workerCount() {
        return workerCount;
    }

    /**
     * Returns the requested transport.
     *
     * @return the requested transport
     */
    public Transport transport() {
        return transport;
    }

    /**
     * Returns the dispatch mode.
     *
     * @return the dispatch mode
     */
    public DispatchMode dispatch() {
        return dispatch;
    }

    /**
     * Tells whether ring owners may wait under {@code SCHED_IDLE} (see {@link #idleRingOwners(boolean)}).
     *
     * @return true by default
     */
    public boolean idleRingOwners() {
        return idleRingOwners;
    }

    /**
     * Returns the request observer.
     *
     * @return the observer, or null
     */
    public RequestObserver observer() {
        return observer;
    }

    /**
     * Returns the graceful shutdown timeout.
     *
     * @return the graceful shutdown timeout
     */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }
}
