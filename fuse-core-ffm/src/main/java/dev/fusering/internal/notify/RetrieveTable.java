package dev.fusering.internal.notify;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RETRIEVE notifications still waiting for their NOTIFY_REPLY, keyed by the {@code notify_unique} the
 * notifier chose.
 *
 * <p>The ids are even numbers from 2<sup>62</sup> upwards. The kernel keeps them as the unique id of the
 * NOTIFY_REPLY request, and on io_uring it files that request under this id among the queue's requests in
 * flight: the kernel's own ids count up from 0 in steps of 2 and never get near 2<sup>62</sup>, so the
 * two never collide. Bit 0 (the kernel's interrupt bit) and bit 63 (its resend bit) stay clear.
 */
final class RetrieveTable {

    private static final long FIRST_ID = 1L << 62;

    private final AtomicLong next = new AtomicLong(FIRST_ID);
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Registers a new pending retrieve.
     *
     * @param future the future to complete with the answer
     * @return its {@code notify_unique}
     * @throws IllegalStateException when the table was closed
     */
    long register(CompletableFuture<byte[]> future) {
        long id = next.getAndAdd(2);
        pending.put(id, future);
        if (closed) {
            pending.remove(id);
            throw new IllegalStateException("the session has ended");
        }
        return id;
    }

    /**
     * Removes a pending retrieve without completing it (its notification could not be sent).
     *
     * @param id its {@code notify_unique}
     */
    void forget(long id) {
        pending.remove(id);
    }

    /**
     * Takes the pending retrieve of an id.
     *
     * @param id the NOTIFY_REPLY's unique
     * @return the future, or null when the id is unknown (or already answered)
     */
    CompletableFuture<byte[]> take(long id) {
        return pending.remove(id);
    }

    /** Fails every pending retrieve with ENOTCONN and refuses new ones. */
    void close() {
        closed = true;
        for (Long id : pending.keySet()) {
            CompletableFuture<byte[]> future = pending.remove(id);
            if (future != null) {
                future.completeExceptionally(new FuseException(Errno.ENOTCONN,
                        "the session ended before the kernel answered the RETRIEVE notification"));
            }
        }
    }

    /**
     * Returns how many retrieves wait for their answer.
     *
     * @return the count
     */
    int size() {
        return pending.size();
    }
}
