package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The space and inode budget of one {@link MemoryFilesystem}: how many data bytes may be allocated and how
 * many nodes may exist at once.
 *
 * <p>Thread-safe: both counters are atomic, so data writes that run concurrently under a shared lock can
 * reserve space without further synchronisation.
 */
final class MemoryQuota {

    private final long capacityBytes;
    private final long maxNodes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong usedNodes = new AtomicLong();

    /**
     * Creates an empty budget.
     *
     * @param capacityBytes the most data bytes that may be allocated, positive
     * @param maxNodes      the most nodes that may exist at once, including the root, positive
     */
    MemoryQuota(long capacityBytes, long maxNodes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacityBytes must be positive, got " + capacityBytes);
        }
        if (maxNodes <= 0) {
            throw new IllegalArgumentException("maxNodes must be positive, got " + maxNodes);
        }
        this.capacityBytes = capacityBytes;
        this.maxNodes = maxNodes;
    }

    /**
     * Reserves data bytes if they fit.
     *
     * @param bytes how many bytes to reserve, not negative
     * @return true when reserved, false when the capacity would be exceeded (nothing is reserved then)
     */
    boolean tryReserveBytes(long bytes) {
        while (true) {
            long used = usedBytes.get();
            if (bytes > capacityBytes - used) {
                return false;
            }
            if (usedBytes.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    /**
     * Gives reserved data bytes back.
     *
     * @param bytes how many bytes to release
     */
    void releaseBytes(long bytes) {
        usedBytes.addAndGet(-bytes);
    }

    /**
     * Reserves one node.
     *
     * @throws FuseException {@code ENOSPC} when the node limit is reached
     */
    void reserveNode() {
        while (true) {
            long used = usedNodes.get();
            if (used >= maxNodes) {
                throw FuseException.of(Errno.ENOSPC);
            }
            if (usedNodes.compareAndSet(used, used + 1)) {
                return;
            }
        }
    }

    /** Gives one node back. */
    void releaseNode() {
        usedNodes.decrementAndGet();
    }

    /**
     * Returns the data capacity.
     *
     * @return the capacity in bytes
     */
    long capacityBytes() {
        return capacityBytes;
    }

    /**
     * Returns the allocated data bytes.
     *
     * @return the bytes in use
     */
    long usedBytes() {
        return usedBytes.get();
    }

    /**
     * Returns the node limit.
     *
     * @return the most nodes that may exist
     */
    long maxNodes() {
        return maxNodes;
    }

    /**
     * Returns the number of existing nodes.
     *
     * @return the nodes in use
     */
    long usedNodes() {
        return usedNodes.get();
    }
}
