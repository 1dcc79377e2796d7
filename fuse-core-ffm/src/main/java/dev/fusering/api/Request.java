package dev.fusering.api;

/**
 * The context of one kernel request: who asked, and whether the asker has given up.
 *
 * <p>The object is owned by the engine and reused for later requests: read it during the
 * {@link Filesystem} call that received it, never keep it.
 */
public interface Request {

    /**
     * Returns the kernel's unique id of this request.
     *
     * @return the request id
     */
    long unique();

    /**
     * Returns the FUSE opcode of this request (see the kernel's {@code fuse_opcode}).
     *
     * @return the opcode
     */
    int opcode();

    /**
     * Returns the effective user id of the calling process (as seen in the mount's user namespace).
     *
     * @return the uid
     */
    int uid();

    /**
     * Returns the effective group id of the calling process.
     *
     * @return the gid
     */
    int gid();

    /**
     * Returns the thread id of the calling process, or 0 for requests the kernel issues on its own
     * (background writes, releases).
     *
     * @return the pid
     */
    int pid();

    /**
     * Tells whether the kernel has interrupted this request (the calling process got a signal). An
     * operation that can block should poll this, or react to {@link Thread#interrupted()} when it runs on
     * an engine-managed thread, and then throw {@code FuseException.of(Errno.EINTR)}.
     *
     * @return true once an INTERRUPT for this request has arrived
     */
    boolean isInterrupted();
}
