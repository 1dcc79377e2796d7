package dev.fusering.internal.uring;

import dev.fusering.api.Errno;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.NativeCallException;

import java.lang.foreign.MemorySegment;

/**
 * The small io_uring of a runner thread that has taken its entry over from the ring owner (offloaded dispatch,
 * see {@link RingEntry}). It holds at most one command: the entry's COMMIT_AND_FETCH. The kernel delivers an
 * entry's next request as task work of the thread that submitted the entry's last command, so once the runner
 * commits through this ring, the entry's requests reach the runner directly and never pass the owner again.
 *
 * <p>Created on the runner thread ({@code SINGLE_ISSUER}: only that thread may submit to it), used only there,
 * and closed there when the kernel drops the entry. Committing and waiting allocate nothing; only {@link #create},
 * once per entry, does.
 *
 * <p>{@code /dev/fuse} is registered in the ring as fixed file 0, and every command names it that way, never by
 * descriptor number: a runner may commit after the session has retired its descriptor (a request that filesystem
 * code finished late), and by then the number names another file. The registered file is the connection itself,
 * so a late commit through an existing ring reaches the ended connection and fails with ENOTCONN.
 *
 * <p>A runner whose <em>first</em> request finishes after the session ended would create its ring only then,
 * from a number that the session has pointed at {@code /dev/null} meanwhile ({@code Descriptors.retire}), and
 * {@code /dev/null} completes every {@code URING_CMD} with 0 (Linux implements it as a no-op there), which looks
 * exactly like a delivered request. {@link #create} therefore checks, after registering the number, that it still
 * names {@code /dev/fuse}. That check is enough: the session retires the number only one way (to
 * {@code /dev/null}) and never closes it while the runner's entry is busy, so a number that names
 * {@code /dev/fuse} after the registration named this session's {@code /dev/fuse} at the registration.
 */
final class RunnerRing {

    private static final int EINTR = Errno.EINTR.code();
    private static final int EAGAIN = Errno.EAGAIN.code();
    private static final int EBUSY = Errno.EBUSY.code();
    /** Device numbers of {@code /dev/fuse} (the misc device 10:229). */
    private static final int FUSE_MAJOR = 10;
    private static final int FUSE_MINOR = 229;

    private final IoUring ring;

    private RunnerRing(IoUring ring) {
        this.ring = ring;
    }

    /**
     * Creates the ring on the calling thread, which alone may use it from then on, and registers
     * {@code /dev/fuse} in it as fixed file 0.
     *
     * @param devFd the /dev/fuse descriptor the entry was registered on (never closed while the caller's entry is
     *              busy, but pointed at {@code /dev/null} once the session has ended)
     * @return the ring, or null when {@code devFd} no longer names {@code /dev/fuse} after the registration: the
     *     session has ended, and the caller's reply has no connection to go to
     * @throws NativeCallException if io_uring_setup, the mapping of the ring or the file registration fails (out of
     *                             descriptors or memory)
     */
    static RunnerRing create(int devFd) throws NativeCallException {
        IoUring ring = IoUring.createBest(2, 4);
        try {
            ring.registerFiles(devFd);
            if (!namesFuseDevice(devFd)) {
                ring.close();
                return null;
            }
        } catch (NativeCallException e) {
            ring.close();
            throw e;
        }
        return new RunnerRing(ring);
    }

    /** True when the descriptor names the FUSE device (character device 10:229), whatever its path. */
    private static boolean namesFuseDevice(int fd) throws NativeCallException {
        return LibC.statx("/proc/self/fd/" + fd, true).isCharDevice(FUSE_MAJOR, FUSE_MINOR);
    }

    /**
     * Commits the reply stored in the entry's buffers and waits until the kernel puts the entry's next request
     * there.
     *
     * @param e the entry, its reply stored ({@link RingEntry#storeReply()})
     * @return 0 when the next request is in the entry's buffers; otherwise the negative errno with which the kernel
     *     dropped the entry (-ENOTCONN after an unmount or an abort, for example)
     * @throws IllegalStateException if io_uring_enter itself fails (never expected)
     */
    int commitAndFetch(RingEntry e) {
        MemorySegment sqe = ring.nextSqe(); // never null: this ring holds at most one command
        RingWorker.fillCommand(sqe, RingWorker.CMD_COMMIT_AND_FETCH, true, -1, e, e.commitId);
        while (true) {
            int r = ring.submitAndWait(1);
            if (ring.cqReady() > 0) {
                int res = ring.cqeRes(0);
                ring.cqAdvance(1);
                return res;
            }
            if (r < 0 && -r != EINTR && -r != EAGAIN && -r != EBUSY) {
                throw new IllegalStateException("io_uring_enter failed: " + Errno.nameOf(-r));
            }
        }
    }

    /** Closes the ring. Only once the kernel has dropped the entry, so that no command of it is left. */
    void close() {
        ring.close();
    }
}
