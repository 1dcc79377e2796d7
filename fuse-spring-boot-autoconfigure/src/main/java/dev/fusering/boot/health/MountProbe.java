package dev.fusering.boot.health;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks that a mounted filesystem answers: a statfs(2) of the mount point ({@link FileStore#getTotalSpace()}),
 * which always reaches the filesystem (the kernel caches nothing for it), run on a separate daemon thread and
 * waited for at most a timeout.
 *
 * <p>A filesystem that hangs leaves its probe thread blocked in the kernel. At most one probe per mount is
 * outstanding: while the previous one still hangs, no new thread is started and the result says so.
 * Thread-safe.
 */
final class MountProbe {

    /** What a probe found. */
    enum Outcome {
        /** statfs answered. */
        ANSWERED,
        /** statfs failed with an error. */
        FAILED,
        /** statfs did not answer in time. */
        TIMED_OUT,
        /** An earlier probe still hangs. */
        STILL_HANGING
    }

    /**
     * The result of one probe.
     *
     * @param outcome what happened
     * @param detail  the error, or empty
     * @param nanos   how long it took (or was waited for)
     */
    record Result(Outcome outcome, String detail, long nanos) {
    }

    private final Path mountPoint;
    private final Duration timeout;
    private CompletableFuture<Void> pending;
    private long pendingSince;

    /**
     * Creates a probe.
     *
     * @param mountPoint the mount point
     * @param timeout    how long to wait for the answer
     */
    MountProbe(Path mountPoint, Duration timeout) {
        this.mountPoint = mountPoint;
        this.timeout = timeout;
    }

    /**
     * Probes the mount point.
     *
     * @return the result
     */
    synchronized Result probe() {
        long start = System.nanoTime();
        if (pending != null && !pending.isDone()) {
            return new Result(Outcome.STILL_HANGING, "statfs(" + mountPoint + ") has not answered for "
                    + Duration.ofNanos(start - pendingSince).toSeconds() + " s", start - pendingSince);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        pending = future;
        pendingSince = start;
        Thread.ofPlatform().daemon(true).name("fuse-health-probe").start(() -> {
            try {
                Files.getFileStore(mountPoint).getTotalSpace();
                future.complete(null);
            } catch (IOException | RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Result(Outcome.ANSWERED, "", System.nanoTime() - start);
        } catch (TimeoutException e) {
            return new Result(Outcome.TIMED_OUT, "statfs(" + mountPoint + ") did not answer within "
                    + timeout.toMillis() + " ms", System.nanoTime() - start);
        } catch (ExecutionException e) {
            return new Result(Outcome.FAILED, e.getCause().toString(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.FAILED, "interrupted", System.nanoTime() - start);
        }
    }
}
