package dev.fusering.api;

/** Which thread runs the filesystem's code. */
public enum DispatchMode {
    /**
     * {@link #INLINE} when the filesystem declares {@link Filesystem#nonBlocking()}, {@link #OFFLOADED}
     * otherwise. The default: a filesystem that may block is never run on a ring thread, and one that
     * promises not to block gets the fastest path without further configuration.
     */
    AUTO,
    /**
     * Each request runs on a thread of its own request slot (a platform thread per io_uring entry, a virtual
     * thread per {@code /dev/fuse} slot), so a slow operation never holds up other requests. On io_uring the
     * entry's thread takes the entry over after its first request: it commits replies and receives the entry's
     * next requests itself, through a small ring of its own, so a request costs one thread wake-up as with
     * {@link #INLINE}. On {@code /dev/fuse} the slot's thread writes the reply itself.
     */
    OFFLOADED,
    /**
     * Each request runs on the transport thread that received it: the lowest latency, for filesystems
     * whose methods never block (in-memory data, computed content). A blocking method stalls every request
     * of that thread's queues. On io_uring, SETLKW still runs on the entry's own thread (a lock wait must
     * not hold the queue), and so do READ and WRITE of 64 KiB or more when the ring owner cannot use idle
     * mode ({@link Session#idleRingOwners(boolean)} off, or no {@code CAP_SYS_NICE}), so the filesystem must be
     * thread-safe here too.
     */
    INLINE
}
