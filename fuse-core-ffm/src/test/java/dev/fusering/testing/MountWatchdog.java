package dev.fusering.testing;

import dev.fusering.api.RunningSession;
import dev.fusering.internal.mount.FuseConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Turns a wedged mount into a test failure instead of a hung build: a daemon thread watches a progress
 * counter, and when it has not moved for the stall time it records what the kernel and the session
 * report (requests the kernel counts as waiting, the session's counters and queues) and aborts the FUSE
 * connection through fusectl, which fails every blocked system call with ECONNABORTED so that the test
 * thread can report. Close it (try-with-resources) when the work is done.
 */
public final class MountWatchdog implements AutoCloseable {

    private final long connection;
    private final RunningSession session;
    private final LongSupplier progress;
    private final Duration stall;
    private final Thread thread;
    private volatile boolean closed;
    private volatile String diagnosis;

    private MountWatchdog(Path mountPoint, RunningSession session, LongSupplier progress, Duration stall) {
        try {
            this.connection = FuseConnection.id(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.session = session;
        this.progress = progress;
        this.stall = stall;
        this.thread = Thread.ofPlatform().daemon(true).name("mount-watchdog").start(this::watch);
    }

    /**
     * Starts watching.
     *
     * @param mount    the mount
     * @param progress a counter the work increases as it goes (read from the watchdog's thread)
     * @param stall    how long the counter may stand still
     * @return the running watchdog
     */
    public static MountWatchdog watch(TestMounts.Mount mount, LongSupplier progress, Duration stall) {
        return new MountWatchdog(mount.dir(), mount.session(), progress, stall);
    }

    /** @return what the watchdog saw when it aborted the connection, or null if it never fired */
    public String diagnosis() {
        return diagnosis;
    }

    private void watch() {
        long last = progress.getAsLong();
        long lastChange = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            long now = progress.getAsLong();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stall.toNanos()) {
                fire(now);
                return;
            }
        }
    }

    private void fire(long at) {
        StringBuilder sb = new StringBuilder("no progress for ").append(stall).append(" at ").append(at)
                .append("; the kernel counts ");
        try {
            sb.append(FuseConnection.waiting(connection));
        } catch (IOException e) {
            sb.append("? (").append(e.getMessage()).append(')');
        }
        sb.append(" waiting requests on connection ").append(connection).append("; session ")
                .append(session.stats()).append(", queues ").append(session.queueStats())
                .append("; connection aborted to release the test");
        diagnosis = sb.toString();
        try {
            FuseConnection.abort(connection);
        } catch (IOException e) {
            diagnosis += " (abort failed: " + e.getMessage() + ")";
        }
    }

    /** Stops watching. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
