package dev.fusering.lifecycle;

import dev.fusering.api.Filesystem;
import dev.fusering.api.Request;

import dev.fusering.testing.ForwardingFilesystem;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Forwards to a filesystem, except that every {@link #read} blocks until {@link #release()} is called,
 * ignoring interrupts: a filesystem whose read hangs "forever". Tests release it in a finally block so that
 * no thread stays blocked after the test.
 */
class HangingReadFilesystem extends ForwardingFilesystem {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /**
     * Creates the filesystem.
     *
     * @param delegate the filesystem that does the work
     */
    HangingReadFilesystem(Filesystem delegate) {
        super(delegate);
    }

    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        entered.countDown();
        boolean interrupted = false;
        while (released.getCount() > 0) {
            try {
                released.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return super.read(request, nodeId, fh, offset, buffer);
    }

    /**
     * Waits until a read has reached the filesystem.
     *
     * @param seconds how long at most
     * @return true if a read is hanging now
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitReadEntered(long seconds) throws InterruptedException {
        return entered.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets every hanging and future read go on. */
    void release() {
        released.countDown();
    }
}
