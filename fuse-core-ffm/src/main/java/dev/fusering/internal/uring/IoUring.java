package dev.fusering.internal.uring;

import static dev.fusering.internal.uring.IoUringConstants.CQE_FLAGS;
import static dev.fusering.internal.uring.IoUringConstants.CQE_RES;
import static dev.fusering.internal.uring.IoUringConstants.CQE_SIZE;
import static dev.fusering.internal.uring.IoUringConstants.CQE_USER_DATA;
import static dev.fusering.internal.uring.IoUringConstants.CQ_OFF_CQES;
import static dev.fusering.internal.uring.IoUringConstants.CQ_OFF_HEAD;
import static dev.fusering.internal.uring.IoUringConstants.CQ_OFF_RING_ENTRIES;
import static dev.fusering.internal.uring.IoUringConstants.CQ_OFF_RING_MASK;
import static dev.fusering.internal.uring.IoUringConstants.CQ_OFF_TAIL;
import static dev.fusering.internal.uring.IoUringConstants.GETEVENTS_ARG_SIZE;
import static dev.fusering.internal.uring.IoUringConstants.GETEVENTS_TS;
import static dev.fusering.internal.uring.IoUringConstants.IORING_ENTER_EXT_ARG;
import static dev.fusering.internal.uring.IoUringConstants.IORING_ENTER_GETEVENTS;
import static dev.fusering.internal.uring.IoUringConstants.IORING_FEAT_EXT_ARG;
import static dev.fusering.internal.uring.IoUringConstants.IORING_FEAT_SINGLE_MMAP;
import static dev.fusering.internal.uring.IoUringConstants.IORING_OFF_CQ_RING;
import static dev.fusering.internal.uring.IoUringConstants.IORING_OFF_SQES;
import static dev.fusering.internal.uring.IoUringConstants.IORING_OFF_SQ_RING;
import static dev.fusering.internal.uring.IoUringConstants.IORING_REGISTER_FILES;
import static dev.fusering.internal.uring.IoUringConstants.IORING_SETUP_CQSIZE;
import static dev.fusering.internal.uring.IoUringConstants.IORING_SETUP_DEFER_TASKRUN;
import static dev.fusering.internal.uring.IoUringConstants.IORING_SETUP_SINGLE_ISSUER;
import static dev.fusering.internal.uring.IoUringConstants.IORING_SETUP_SQE128;
import static dev.fusering.internal.uring.IoUringConstants.IORING_SQ_CQ_OVERFLOW;
import static dev.fusering.internal.uring.IoUringConstants.PARAMS_CQ_ENTRIES;
import static dev.fusering.internal.uring.IoUringConstants.PARAMS_CQ_OFF;
import static dev.fusering.internal.uring.IoUringConstants.PARAMS_FEATURES;
import static dev.fusering.internal.uring.IoUringConstants.PARAMS_FLAGS;
import static dev.fusering.internal.uring.IoUringConstants.PARAMS_SIZE;
import static dev.fusering.internal.uring.IoUringConstants.PARAMS_SQ_ENTRIES;
import static dev.fusering.internal.uring.IoUringConstants.PARAMS_SQ_OFF;
import static dev.fusering.internal.uring.IoUringConstants.SQE_SIZE;
import static dev.fusering.internal.uring.IoUringConstants.SQ_OFF_ARRAY;
import static dev.fusering.internal.uring.IoUringConstants.SQ_OFF_FLAGS;
import static dev.fusering.internal.uring.IoUringConstants.SQ_OFF_HEAD;
import static dev.fusering.internal.uring.IoUringConstants.SQ_OFF_RING_ENTRIES;
import static dev.fusering.internal.uring.IoUringConstants.SQ_OFF_RING_MASK;
import static dev.fusering.internal.uring.IoUringConstants.SQ_OFF_TAIL;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.fusering.api.Errno;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One io_uring instance with 128-byte SQEs and 16-byte CQEs, driven without liburing.
 *
 * <p><b>Threading.</b> An instance is owned and used by <em>one</em> thread; there is no internal
 * locking. With {@code IORING_SETUP_SINGLE_ISSUER} (see {@link #createBest(int, int)}) the kernel
 * enforces this: only the thread that created the ring may submit, so create it on the thread that
 * will drive it. With {@code IORING_SETUP_DEFER_TASKRUN} completions are only produced while that
 * thread waits in {@link #submitAndWait(int)}.
 *
 * <p><b>Memory.</b> The SQ ring, the CQ ring (one mapping when the kernel reports
 * {@code IORING_FEAT_SINGLE_MMAP}) and the SQE array are mapped once. The SQ index array is filled
 * identity-style ({@code array[i] = i}) at creation, so that submitting is just filling the SQE at
 * {@code tail & mask} and publishing the tail. Shared indices (SQ head and tail, CQ head and tail)
 * are read with acquire and written with release semantics. All ring memory belongs to a shared
 * arena that {@link #close()} closes before unmapping, so a use after close fails with an
 * {@link IllegalStateException} instead of touching unmapped memory.
 *
 * <p><b>Hot path.</b> {@link #nextSqe()}, {@link #submitAndWait(int)}, {@link #cqReady()}, the
 * {@code cqe*} accessors and {@link #cqAdvance(int)} never allocate and never throw for kernel
 * errors (they return {@code -errno}).
 *
 * <p>Typical loop:
 * <pre>{@code
 * MemorySegment sqe = ring.nextSqe();          // fill opcode, fd, addr, len, user_data ...
 * int r = ring.submitAndWait(1);               // r < 0: -errno (e.g. -EINTR: retry)
 * for (int i = 0, n = ring.cqReady(); i < n; i++) { handle(ring.cqeUserData(i), ring.cqeRes(i)); }
 * ring.cqAdvance(n);
 * }</pre>
 */
public final class IoUring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IoUring.class);

    /** Accessor for 32-bit ring indices with (MemorySegment, long offset) coordinates. */
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final int fd;
    private final int setupFlags;
    private final int features;
    private final int sqEntries;
    private final int cqEntries;
    private final boolean deferTaskrun;

    private final Arena arena;
    /** The raw mappings (global scope), kept only to unmap them. */
    private final MemorySegment[] mappings;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment[] sqeSlots;
    /** {@code struct io_uring_getevents_arg} (24 B) followed by {@code struct __kernel_timespec} (16 B). */
    private final MemorySegment waitArg;

    private final long sqHeadOff;
    private final long sqTailOff;
    private final long sqFlagsOff;
    private final int sqMask;
    private final long cqHeadOff;
    private final long cqTailOff;
    private final long cqesOff;
    private final int cqMask;

    /** Number of SQEs handed out by {@link #nextSqe()} (free-running, wraps). */
    private int sqeTail;
    /** Local copy of the CQ head (only this side writes it). */
    private int cqHead;
    private boolean closed;

    private IoUring(int fd, int setupFlags, MemorySegment params, Arena arena, MemorySegment[] mappings,
            MemorySegment sqRing, MemorySegment cqRing, MemorySegment sqes) {
        this.fd = fd;
        this.setupFlags = setupFlags;
        this.features = params.get(JAVA_INT, PARAMS_FEATURES);
        this.deferTaskrun = (setupFlags & IORING_SETUP_DEFER_TASKRUN) != 0;
        this.arena = arena;
        this.mappings = mappings;
        this.sqRing = sqRing;
        this.cqRing = cqRing;

        long sqOff = PARAMS_SQ_OFF;
        this.sqHeadOff = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_HEAD));
        this.sqTailOff = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_TAIL));
        this.sqFlagsOff = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_FLAGS));
        this.sqMask = sqRing.get(JAVA_INT, Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_RING_MASK)));
        this.sqEntries = sqRing.get(JAVA_INT,
                Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_RING_ENTRIES)));
        long sqArrayOff = Integer.toUnsignedLong(params.get(JAVA_INT, sqOff + SQ_OFF_ARRAY));

        long cqOff = PARAMS_CQ_OFF;
        this.cqHeadOff = Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_HEAD));
        this.cqTailOff = Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_TAIL));
        this.cqesOff = Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_CQES));
        this.cqMask = cqRing.get(JAVA_INT, Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_RING_MASK)));
        this.cqEntries = cqRing.get(JAVA_INT,
                Integer.toUnsignedLong(params.get(JAVA_INT, cqOff + CQ_OFF_RING_ENTRIES)));

        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(JAVA_INT, sqArrayOff + 4L * i, i);
        }
        this.sqeSlots = new MemorySegment[sqEntries];
        for (int i = 0; i < sqEntries; i++) {
            sqeSlots[i] = sqes.asSlice((long) i * SQE_SIZE, SQE_SIZE);
        }
        this.sqeTail = (int) INT.getAcquire(sqRing, sqTailOff);
        this.cqHead = (int) INT.getAcquire(cqRing, cqHeadOff);
        this.waitArg = arena.allocate(GETEVENTS_ARG_SIZE + 16L, 8);
        waitArg.set(JAVA_LONG, GETEVENTS_TS, waitArg.address() + GETEVENTS_ARG_SIZE);
    }

    /**
     * Creates a ring with {@code IORING_SETUP_SQE128 | IORING_SETUP_CQSIZE} added to the given flags.
     *
     * @param entries the number of SQ entries (rounded up to a power of two by the kernel)
     * @param cqEntries the number of CQ entries, at least {@code entries} (rounded up likewise)
     * @param setupFlags extra {@code IORING_SETUP_*} flags, e.g. SINGLE_ISSUER | DEFER_TASKRUN
     * @return the ring, ready for use by the calling thread
     * @throws NativeCallException when {@code io_uring_setup} or a mapping fails (EINVAL for flags the
     *     kernel does not know, EPERM when io_uring is disabled by {@code kernel.io_uring_disabled})
     * @throws IllegalArgumentException when {@code entries <= 0} or {@code cqEntries < entries}
     */
    public static IoUring create(int entries, int cqEntries, int setupFlags) throws NativeCallException {
        if (entries <= 0 || cqEntries < entries) {
            throw new IllegalArgumentException("need 0 < entries <= cqEntries, got entries=" + entries
                    + " cqEntries=" + cqEntries);
        }
        int flags = setupFlags | IORING_SETUP_SQE128 | IORING_SETUP_CQSIZE;
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment params = temp.allocate(PARAMS_SIZE, 8);
            params.set(JAVA_INT, PARAMS_CQ_ENTRIES, cqEntries);
            params.set(JAVA_INT, PARAMS_FLAGS, flags);
            int fd = LibC.ioUringSetup(entries, params);
            try {
                return map(fd, flags, params);
            } catch (NativeCallException | RuntimeException e) {
                closeQuietly(fd);
                throw e;
            }
        }
    }

    /**
     * Creates a ring with {@code IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN} (the
     * fastest mode measured for FUSE), falling back to a plain ring when the kernel rejects those
     * flags with EINVAL. With those flags only the calling thread may ever submit to the ring, and
     * completions are only delivered while it waits in {@link #submitAndWait(int)}: call this on the
     * thread that will own the ring. {@link #setupFlags()} tells which mode was obtained.
     *
     * @param entries the number of SQ entries
     * @param cqEntries the number of CQ entries, at least {@code entries}
     * @return the ring
     * @throws NativeCallException when even the plain ring cannot be created
     */
    public static IoUring createBest(int entries, int cqEntries) throws NativeCallException {
        try {
            return create(entries, cqEntries, IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
        } catch (NativeCallException e) {
            if (e.errno() != Errno.EINVAL.code()) {
                throw e;
            }
            LOG.debug("io_uring SINGLE_ISSUER|DEFER_TASKRUN not supported ({}), using a plain ring", e.getMessage());
            return create(entries, cqEntries, 0);
        }
    }

    @SuppressWarnings("restricted")
    private static IoUring map(int fd, int flags, MemorySegment params) throws NativeCallException {
        int sqEntries = params.get(JAVA_INT, PARAMS_SQ_ENTRIES);
        int cqEntries = params.get(JAVA_INT, PARAMS_CQ_ENTRIES);
        int features = params.get(JAVA_INT, PARAMS_FEATURES);
        long sqRingSize = Integer.toUnsignedLong(params.get(JAVA_INT, PARAMS_SQ_OFF + SQ_OFF_ARRAY)) + 4L * sqEntries;
        long cqRingSize = Integer.toUnsignedLong(params.get(JAVA_INT, PARAMS_CQ_OFF + CQ_OFF_CQES))
                + (long) CQE_SIZE * cqEntries;
        boolean singleMmap = (features & IORING_FEAT_SINGLE_MMAP) != 0;
        if (singleMmap) {
            sqRingSize = Math.max(sqRingSize, cqRingSize);
            cqRingSize = sqRingSize;
        }
        int prot = LinuxConstants.PROT_READ | LinuxConstants.PROT_WRITE;
        int mapFlags = LinuxConstants.MAP_SHARED | LinuxConstants.MAP_POPULATE;

        MemorySegment[] mappings = new MemorySegment[singleMmap ? 2 : 3];
        int mapped = 0;
        Arena arena = Arena.ofShared();
        try {
            MemorySegment sqRaw = LibC.mmap(sqRingSize, prot, mapFlags, fd, IORING_OFF_SQ_RING);
            mappings[mapped++] = sqRaw;
            MemorySegment cqRaw = sqRaw;
            if (!singleMmap) {
                cqRaw = LibC.mmap(cqRingSize, prot, mapFlags, fd, IORING_OFF_CQ_RING);
                mappings[mapped++] = cqRaw;
            }
            MemorySegment sqesRaw = LibC.mmap((long) SQE_SIZE * sqEntries, prot, mapFlags, fd, IORING_OFF_SQES);
            mappings[mapped++] = sqesRaw;
            MemorySegment sqRing = sqRaw.reinterpret(arena, null);
            MemorySegment cqRing = singleMmap ? sqRing : cqRaw.reinterpret(arena, null);
            MemorySegment sqes = sqesRaw.reinterpret(arena, null);
            return new IoUring(fd, flags, params, arena, mappings, sqRing, cqRing, sqes);
        } catch (NativeCallException | RuntimeException e) {
            arena.close();
            for (int i = 0; i < mapped; i++) {
                unmapQuietly(mappings[i]);
            }
            throw e;
        }
    }

    /**
     * Returns the ring's file descriptor (for {@code IORING_OP_MSG_RING}, registration, logging).
     *
     * @return the io_uring descriptor
     */
    public int fd() {
        return fd;
    }

    /**
     * Returns the {@code IORING_SETUP_*} flags the ring was actually created with, including the
     * always-added SQE128 and CQSIZE.
     *
     * @return the setup flags in effect
     */
    public int setupFlags() {
        return setupFlags;
    }

    /**
     * Returns the {@code IORING_FEAT_*} bits the kernel reported.
     *
     * @return the feature bits
     */
    public int features() {
        return features;
    }

    /**
     * Returns the number of SQ entries (a power of two, at least the requested number).
     *
     * @return the SQ size
     */
    public int sqEntries() {
        return sqEntries;
    }

    /**
     * Returns the number of CQ entries (a power of two, at least the requested number).
     *
     * @return the CQ size
     */
    public int cqEntries() {
        return cqEntries;
    }

    /**
     * Registers file descriptors as fixed files ({@code IORING_REGISTER_FILES}); SQEs can then use
     * the index with {@code IOSQE_FIXED_FILE}. Cold path.
     *
     * @param fds the descriptors, index 0 first
     * @throws NativeCallException when the kernel rejects the registration
     */
    public void registerFiles(int... fds) throws NativeCallException {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment array = temp.allocateFrom(JAVA_INT, fds);
            LibC.ioUringRegister(fd, IORING_REGISTER_FILES, array, fds.length);
        }
    }

    // ------------------------------------------------------------------ submission

    /**
     * Returns the next free SQE, zero-filled, or {@code null} when the submission queue is full
     * (call {@link #submitAndWait(int)} first). The SQE becomes part of the next submission; it must
     * be completely filled before that. Does not allocate.
     *
     * @return a 128-byte segment over the SQE, or {@code null} when full
     */
    public MemorySegment nextSqe() {
        int head = (int) INT.getAcquire(sqRing, sqHeadOff);
        if (sqeTail - head >= sqEntries) {
            return null;
        }
        MemorySegment sqe = sqeSlots[sqeTail & sqMask];
        sqe.fill((byte) 0);
        sqeTail++;
        return sqe;
    }

    /**
     * Returns how many SQEs were handed out by {@link #nextSqe()} and not yet consumed by the kernel.
     *
     * @return the number of pending submissions
     */
    public int pendingSubmissions() {
        return sqeTail - (int) INT.getAcquire(sqRing, sqHeadOff);
    }

    /**
     * Publishes all pending SQEs (release store of the SQ tail), submits them and waits for at least
     * {@code minComplete} completions. {@code IORING_ENTER_GETEVENTS} is passed when
     * {@code minComplete > 0}, always on a DEFER_TASKRUN ring (completion work only runs then), and
     * when the kernel holds overflowed completions. When the kernel consumes only part of the SQEs
     * (e.g. out of memory), the rest stay pending and are submitted by the next call.
     * Never throws for kernel errors; does not allocate.
     *
     * @param minComplete the number of completions to wait for; 0 to only submit
     * @return the number of SQEs consumed, or {@code -errno} (e.g. {@code -EINTR}: simply call again;
     *     {@code -EBUSY}/{@code -EAGAIN}: reap completions first)
     */
    public int submitAndWait(int minComplete) {
        return enter(minComplete, 0, MemorySegment.NULL, 0);
    }

    /**
     * Like {@link #submitAndWait(int)}, but gives up waiting after a timeout. Needs
     * {@code IORING_FEAT_EXT_ARG} (Linux 5.11+). Does not allocate.
     *
     * @param minComplete the number of completions to wait for (at least 1 for the timeout to matter)
     * @param timeoutNanos the longest time to wait, in nanoseconds
     * @return the number of SQEs consumed when some were submitted; otherwise 0 or {@code -errno},
     *     where {@code -ETIME} means the timeout expired before {@code minComplete} completions
     */
    public int submitAndWait(int minComplete, long timeoutNanos) {
        if ((features & IORING_FEAT_EXT_ARG) == 0) {
            return -Errno.EINVAL.code();
        }
        long tsOff = GETEVENTS_ARG_SIZE;
        waitArg.set(JAVA_LONG, tsOff, timeoutNanos / 1_000_000_000L);
        waitArg.set(JAVA_LONG, tsOff + 8, timeoutNanos % 1_000_000_000L);
        return enter(minComplete, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, waitArg, GETEVENTS_ARG_SIZE);
    }

    private int enter(int minComplete, int extraFlags, MemorySegment arg, long argSize) {
        INT.setRelease(sqRing, sqTailOff, sqeTail);
        int toSubmit = sqeTail - (int) INT.getAcquire(sqRing, sqHeadOff);
        int flags = extraFlags;
        if (minComplete > 0 || deferTaskrun
                || ((int) INT.getAcquire(sqRing, sqFlagsOff) & IORING_SQ_CQ_OVERFLOW) != 0) {
            flags |= IORING_ENTER_GETEVENTS;
        }
        if (toSubmit == 0 && flags == 0) {
            return 0;
        }
        return LibC.ioUringEnterRaw(fd, toSubmit, minComplete, flags, arg, argSize);
    }

    // ------------------------------------------------------------------ completion

    /**
     * Returns the number of completions ready to be read (acquire load of the CQ tail). Does not
     * allocate.
     *
     * @return the number of CQEs between the head and the tail
     */
    public int cqReady() {
        return (int) INT.getAcquire(cqRing, cqTailOff) - cqHead;
    }

    /**
     * Returns the {@code user_data} of the {@code i}-th ready completion, counted from the head.
     *
     * @param i the index, {@code 0 <= i < cqReady()}
     * @return the 64-bit cookie copied from the SQE
     */
    public long cqeUserData(int i) {
        return cqRing.get(JAVA_LONG, cqeOffset(i) + CQE_USER_DATA);
    }

    /**
     * Returns the {@code res} of the {@code i}-th ready completion: the operation's result, or
     * {@code -errno}.
     *
     * @param i the index, {@code 0 <= i < cqReady()}
     * @return the result
     */
    public int cqeRes(int i) {
        return cqRing.get(JAVA_INT, cqeOffset(i) + CQE_RES);
    }

    /**
     * Returns the {@code flags} of the {@code i}-th ready completion ({@code IORING_CQE_F_*}).
     *
     * @param i the index, {@code 0 <= i < cqReady()}
     * @return the flags
     */
    public int cqeFlags(int i) {
        return cqRing.get(JAVA_INT, cqeOffset(i) + CQE_FLAGS);
    }

    /**
     * Marks {@code n} completions as consumed (release store of the CQ head), so that the kernel may
     * reuse their slots. Read everything you need from them first.
     *
     * @param n the number of completions consumed, at most {@link #cqReady()}
     */
    public void cqAdvance(int n) {
        cqHead += n;
        INT.setRelease(cqRing, cqHeadOff, cqHead);
    }

    private long cqeOffset(int i) {
        return cqesOff + (long) ((cqHead + i) & cqMask) * CQE_SIZE;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Unmaps the rings and closes the descriptor; pending operations are cancelled by the kernel.
     * Idempotent. Call it from the owning thread once it no longer uses the ring; afterwards every
     * accessor fails with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
        for (MemorySegment mapping : mappings) {
            unmapQuietly(mapping);
        }
        closeQuietly(fd);
    }

    private static void unmapQuietly(MemorySegment mapping) {
        try {
            LibC.munmap(mapping);
        } catch (NativeCallException e) {
            LOG.warn("io_uring: {}", e.getMessage());
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (NativeCallException e) {
            LOG.warn("io_uring: {}", e.getMessage());
        }
    }
}
