package dev.fusering.api;

/**
 * Receives one call per answered request, for metrics. Installed with {@link Session#observer}.
 *
 * <p>It is called on the thread that ran the request (a ring owner, a {@code /dev/fuse} reader or a request
 * slot's runner thread), concurrently from several threads, on the hot path: implementations must be thread-safe, quick,
 * must not block, and should not allocate (pre-create meters per operation and outcome). An exception
 * thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface RequestObserver {

    /**
     * Called after a request was handled and its reply prepared (FORGET, BATCH_FORGET and INTERRUPT, which
     * get no reply, are reported too).
     *
     * @param operation     what the kernel asked for
     * @param durationNanos time spent in the engine and the filesystem for this request
     * @param errno         0 on success, else the positive errno answered
     * @param bytes         bytes read (READ) or written (WRITE), else 0
     */
    void requestCompleted(FuseOperation operation, long durationNanos, int errno, long bytes);
}
