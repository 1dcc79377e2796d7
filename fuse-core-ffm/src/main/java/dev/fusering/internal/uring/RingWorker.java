package dev.fusering.internal.uring;

import dev.fusering.api.Errno;
import dev.fusering.api.QueueStats;
import dev.fusering.internal.abi.FuseReadIn;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.Dispatcher;
import dev.fusering.internal.dispatch.Exchange;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import dev.fusering.internal.transport.Descriptors;
import dev.fusering.internal.transport.NativeMemory;
import dev.fusering.internal.transport.TransportEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One ring owner: a long-lived platform thread that owns one io_uring and the FUSE entries of the queues
 * {@code w, w + workers, ...}. It submits every REGISTER and COMMIT_AND_FETCH of its entries (the kernel
 * delivers requests as task work of the submitting thread, so this thread must outlive its armed entries),
 * reaps completions, and either runs requests inline (except SETLKW, which may wait for another request, and
 * READ/WRITE of {@link #LARGE_IO_BYTES} or more when it cannot use idle mode, see
 * {@link OwnerPriorityGuard}), whose replies come back from the entries' runner threads through a lock-free
 * stack and an eventfd read armed in the same ring, or, with offloaded dispatch, hands each entry's first
 * request to the entry's runner thread, which then serves the entry through a ring of its own
 * ({@link RunnerRing}) for as long as the kernel keeps it.
 *
 * <p>Life: {@link #start()} creates the ring and the entries on the thread and reports through
 * {@link #awaitReady}; after the INIT reply has been written, {@link #go()} lets it REGISTER every entry
 * and serve. The loop ends when every entry has been dropped by the kernel (unmount or abort: completions
 * with -ENOTCONN / -ECONNABORTED), or, once {@link #stop()} was called, when only entries held by hung
 * filesystem calls remain.
 */
public final class RingWorker {

    private static final Logger log = LoggerFactory.getLogger(RingWorker.class);

    private static final byte IORING_OP_URING_CMD = 46;
    private static final byte IORING_OP_READ = 22;
    private static final byte IOSQE_FIXED_FILE = 1;
    private static final int CMD_REGISTER = 1;
    /** {@code FUSE_IO_URING_CMD_COMMIT_AND_FETCH}. */
    static final int CMD_COMMIT_AND_FETCH = 2;
    private static final long WAKE_TAG = -1L;
    private static final int ENOTCONN = Errno.ENOTCONN.code();
    private static final int ECONNABORTED = Errno.ECONNABORTED.code();
    private static final int ENODEV = Errno.ENODEV.code();
    private static final int EINTR = Errno.EINTR.code();
    private static final int EAGAIN = Errno.EAGAIN.code();
    private static final int EBUSY = Errno.EBUSY.code();
    /**
     * READ and WRITE requests from this size up run on the entry's runner thread also in inline mode when the
     * owner cannot use idle mode (see {@link OwnerPriorityGuard}); an owner that can serves them itself.
     */
    static final long LARGE_IO_BYTES = 64 * 1024;
    /** How long tear-down waits, in total, for the entries' runner threads to end. */
    private static final long RUNNER_END_WAIT_NANOS = 1_000_000_000L;

    private final int workerId;
    private final int devFd;
    private final int[] qids;
    private final int depth;
    private final int payloadSize;
    private final boolean inline;
    private final Dispatcher dispatcher;
    private final Arena arena;
    private final TransportEvents events;
    private final int firstExchangeIndex;
    private final OwnerPriorityGuard priorityGuard;

    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch goSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<RingEntry> completedStack = new AtomicReference<>();
    /** True while the owner is (about to be) blocked in io_uring_enter and must be woken by the eventfd. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private volatile Throwable setupFailure;
    private volatile boolean aborted;
    private volatile boolean stopping;
    /** Set when the owner tears down: a runner must not serve its entry any more after that. */
    private volatile boolean ended;
    private volatile long requests;
    /** Requests that runners received through their own rings (entries they took over, see RingEntry). */
    private final LongAdder runnerRequests = new LongAdder();
    /** Entries the kernel has not dropped yet, wherever they are served (owner or runner). */
    private final AtomicInteger liveEntries = new AtomicInteger();
    private final AtomicBoolean runnerRingFailureLogged = new AtomicBoolean();

    private Thread thread;
    /** This owner's handle on the priority guard; null when owners keep the normal policy. */
    private OwnerPriority priority;
    private RingEntry[] entries;
    private IoUring ring;
    private int wakeFd = -1;
    private MemorySegment wakeBuffer;
    private MemorySegment headerMemory;
    private MemorySegment payloadMemory;
    private boolean fixedFile;
    /** Inline mode: requests handed to entries' runner threads anyway (SETLKW, large I/O), not yet committed. */
    private int offloadedInline;
    /** The owner is pinned to its queue's CPU and registered with {@link InheritedAffinityRepair}. */
    private boolean pinned;
    /** The JVM's started-thread count after the owner's last filesystem call (see InheritedAffinityRepair). */
    private long seenThreadStarts = InheritedAffinityRepair.startedThreads();

    /**
     * Describes a worker; nothing happens until {@link #start()}.
     *
     * @param workerId           the worker's number
     * @param devFd              the /dev/fuse file descriptor
     * @param qids               the queue ids this worker serves
     * @param depth              entries per queue
     * @param payloadSize        bytes of each entry's payload buffer (a multiple of the page size)
     * @param inline             true to run filesystem code on this thread
     * @param dispatcher         the dispatcher
     * @param arena              the session's arena, for the exchanges' scratch memory
     * @param events             where to report the end of the connection or a fatal error
     * @param firstExchangeIndex the index of this worker's first exchange (session-wide numbering)
     * @param priorityGuard      the guard that lets this owner wait under SCHED_IDLE, or null to keep the
     *                           normal scheduling policy
     */
    public RingWorker(int workerId, int devFd, int[] qids, int depth, int payloadSize, boolean inline,
                      Dispatcher dispatcher, Arena arena, TransportEvents events, int firstExchangeIndex,
                      OwnerPriorityGuard priorityGuard) {
        this.workerId = workerId;
        this.devFd = devFd;
        this.qids = qids.clone();
        this.depth = depth;
        this.payloadSize = payloadSize;
        this.inline = inline;
        this.dispatcher = dispatcher;
        this.arena = arena;
        this.events = events;
        this.firstExchangeIndex = firstExchangeIndex;
        this.priorityGuard = priorityGuard;
    }

    /** Starts the owner thread, which creates the ring and the entries. */
    public void start() {
        thread = Thread.ofPlatform().name("fuse-ring-" + workerId).daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * Waits until the ring and the entries exist.
     *
     * @param timeoutMillis how long to wait
     * @return null when ready, else the set-up failure
     * @throws InterruptedException if interrupted while waiting
     */
    public Throwable awaitReady(long timeoutMillis) throws InterruptedException {
        if (!ready.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return new IllegalStateException("ring worker " + workerId + " did not get ready in " + timeoutMillis
                    + " ms");
        }
        return setupFailure;
    }

    /** Lets the worker REGISTER its entries and serve; call after the INIT reply was written. */
    public void go() {
        goSignal.countDown();
    }

    /** Makes a worker that was never released end without registering anything. */
    public void abort() {
        aborted = true;
        goSignal.countDown();
    }

    /**
     * Asks the worker to end once no entry is armed in the kernel any more except those held by filesystem
     * calls that never return. Call after unmounting.
     */
    public void stop() {
        stopping = true;
        wake();
    }

    /**
     * Waits for the owner thread to end.
     *
     * @param timeoutMillis how long to wait
     * @return true if it ended
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitFinished(long timeoutMillis) throws InterruptedException {
        return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Returns the entries' slots (for draining, interrupts and statistics); empty before the ring exists.
     *
     * @return the entries
     */
    public RingEntry[] entries() {
        RingEntry[] e = entries;
        return e == null ? new RingEntry[0] : e;
    }

    /**
     * Returns the number of requests received through this worker's ring and the rings of the runners that
     * took over its entries.
     *
     * @return the request count
     */
    public long requests() {
        return requests + runnerRequests.sum();
    }

    /**
     * Returns how busy each of this worker's queues is.
     *
     * @return one snapshot per queue id
     */
    public List<QueueStats> queueStats() {
        RingEntry[] list = entries();
        List<QueueStats> out = new ArrayList<>(qids.length);
        for (int qid : qids) {
            int total = 0;
            int busy = 0;
            for (RingEntry e : list) {
                if (e.qid == qid && e.live) {
                    total++;
                    if (e.isBusy()) {
                        busy++;
                    }
                }
            }
            out.add(new QueueStats(qid, total, busy));
        }
        return out;
    }

    /**
     * Returns the number of entries of this worker.
     *
     * @return queues × depth
     */
    public int entryCount() {
        return qids.length * depth;
    }

    /**
     * Called by an entry's runner thread when its reply is ready (inline dispatch, or a runner without a ring of
     * its own): pushes it and wakes the owner if needed.
     */
    void complete(RingEntry entry) {
        RingEntry head;
        do {
            head = completedStack.get();
            entry.nextCompleted = head;
        } while (!completedStack.compareAndSet(head, entry));
        // Only an owner that is (about to be) blocked in io_uring_enter needs the eventfd; an awake owner drains
        // the stack before it blocks again. Owner: sleeping = true, then re-check the stack. Producer: push, then
        // read sleeping. With both sides sequentially consistent, one of them always sees the other.
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            wake();
        }
    }

    private void wake() {
        int fd = wakeFd;
        if (fd >= 0) {
            LibC.writeRaw(fd, WAKE_VALUE, 8);
        }
    }

    private static final MemorySegment WAKE_VALUE = wakeValue();

    private static MemorySegment wakeValue() {
        MemorySegment s = Arena.global().allocate(8, 8);
        s.set(ValueLayout.JAVA_LONG, 0, 1L);
        return s;
    }

    private void run() {
        pinToQueueCpu();
        try {
            setUp();
        } catch (Throwable t) {
            setupFailure = t;
            ready.countDown();
            try {
                tearDown();
            } finally {
                finished.countDown();
            }
            return;
        }
        ready.countDown();
        try {
            goSignal.await();
            if (!aborted) {
                if (priorityGuard != null && inline) {
                    // With offloaded dispatch the runners attach instead (attachRunner): the owner runs no
                    // filesystem code and only hands each entry's first request over.
                    priority = priorityGuard.attach(this::requests);
                }
                serve();
            }
        } catch (Throwable t) {
            log.error("io_uring worker {} failed", workerId, t);
            events.fatal(t);
        } finally {
            try {
                tearDown();
            } catch (Throwable t) {
                log.error("io_uring worker {}: tear-down failed", workerId, t);
            } finally {
                if (priority != null) {
                    priority.detach();
                }
                if (pinned) {
                    InheritedAffinityRepair.ringThreadEnded();
                }
                finished.countDown();
            }
        }
    }

    /**
     * A worker that serves a single queue runs on that queue's CPU: the kernel queues a request on the CPU
     * of the application that issued it, so the owner then shares that CPU's caches and runs the request's
     * task work without a cross-CPU wake-up (measured: several times the stat rate of an unpinned owner).
     * Where the CPU is not allowed (a cpuset, a container), the worker stays unpinned. Threads that filesystem
     * code starts on a pinned owner (or on its runners, which inherit the pinning) get every CPU back
     * ({@link InheritedAffinityRepair}).
     */
    private void pinToQueueCpu() {
        if (qids.length != 1 || qids[0] >= 64) {
            return;
        }
        try {
            long[] original = LibC.schedGetaffinity(0);
            InheritedAffinityRepair.beforePinning();
            LibC.schedSetaffinity(0, 1L << qids[0]);
            InheritedAffinityRepair.ownerPinned(qids[0], original);
            pinned = true;
            log.debug("io_uring worker {} pinned to CPU {}", workerId, qids[0]);
        } catch (NativeCallException e) {
            log.debug("io_uring worker {} not pinned to CPU {}: {}", workerId, qids[0], e.getMessage());
        }
    }

    private void setUp() throws NativeCallException {
        int total = qids.length * depth;
        int sqSize = Integer.highestOneBit(Math.max(2, total + 1) * 2 - 1);
        ring = IoUring.createBest(sqSize, sqSize * 2);
        try {
            ring.registerFiles(devFd);
            fixedFile = true;
        } catch (NativeCallException e) {
            log.debug("io_uring worker {}: fixed file registration failed, using the plain fd: {}", workerId,
                    e.getMessage());
        }
        wakeFd = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC);
        wakeBuffer = arena.allocate(8, 8);
        long headerStride = 512;
        headerMemory = NativeMemory.map((long) total * headerStride);
        // Huge pages: +7-19% on 128 KiB sequential writes and +4-7% on reads (the kernel pins and copies each
        // payload page by page, and the filesystem fills it), see docs/performance.md, "Huge-page payloads".
        payloadMemory = NativeMemory.mapHuge((long) total * payloadSize);
        RingEntry[] list = new RingEntry[total];
        int i = 0;
        for (int qid : qids) {
            for (int d = 0; d < depth; d++) {
                MemorySegment header = headerMemory.asSlice(i * headerStride, RingEntry.HEADER_SIZE);
                MemorySegment iov = headerMemory.asSlice(i * headerStride + 320, 32);
                MemorySegment payload = payloadMemory.asSlice((long) i * payloadSize, payloadSize);
                Exchange ex = new Exchange(firstExchangeIndex + i, arena);
                list[i] = new RingEntry(this, i, qid, ex, dispatcher, header, payload, iov);
                i++;
            }
        }
        entries = list;
    }

    private void serve() {
        for (RingEntry e : entries) {
            queueCommand(e, CMD_REGISTER, 0);
        }
        liveEntries.set(entries.length);
        armWake();
        log.debug("io_uring worker {} registered {} entries on queues {}", workerId, entries.length, qids);
        // The loop body is a method of its own: a method that never returns is only ever compiled on-stack
        // (OSR), and each deoptimization (a branch taken for the first time, such as the first idle wait) would
        // send the whole loop back to the interpreter until it is compiled on-stack again (measured: 2-3% of
        // the owners' samples in the interpreter and its adapters during a 10 s benchmark phase).
        while (serveRound()) {
            // next round
        }
    }

    /**
     * One round of the owner: drains offloaded replies (if any may come), submits what is queued and waits for
     * completions, and handles them.
     *
     * @return false when the worker must end (every entry dropped, or stopping with only hung entries left)
     */
    private boolean serveRound() {
        if (!inline || offloadedInline > 0) {
            // Block only after seeing an empty stack with sleeping already set, else a completion pushed
            // in between would neither be drained nor wake us.
            while (true) {
                drainCompleted();
                sleeping.set(true);
                if (completedStack.get() == null) {
                    break;
                }
                sleeping.set(false);
            }
        }
        if (priority != null) {
            priority.beforeWait();
        }
        int r = ring.submitAndWait(1);
        sleeping.set(false);
        if (r < 0) {
            int err = -r;
            if (err == EINTR || err == EAGAIN || err == EBUSY) {
                if (err != EINTR) {
                    reap();
                }
                return true;
            }
            throw new IllegalStateException("io_uring_enter failed: " + Errno.nameOf(err));
        }
        reap();
        int live = liveEntries.get();
        if (live == 0) {
            return false;
        }
        if (stopping && live == busyCount(entries, true)) {
            log.warn("io_uring worker {}: {} request(s) still held by the filesystem at shutdown", workerId, live);
            return false;
        }
        return true;
    }

    private static boolean anyRunnerAlive(RingEntry[] list) {
        if (list != null) {
            for (RingEntry e : list) {
                if (e.runnerAlive()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Counts the entries holding a request; with {@code liveOnly}, only those the kernel still knows. */
    private static int busyCount(RingEntry[] list, boolean liveOnly) {
        int n = 0;
        if (list != null) {
            for (RingEntry e : list) {
                if (e.isBusy() && (e.live || !liveOnly)) {
                    n++;
                }
            }
        }
        return n;
    }

    private void reap() {
        int n = ring.cqReady();
        for (int i = 0; i < n; i++) {
            long ud = ring.cqeUserData(i);
            int res = ring.cqeRes(i);
            if (ud == WAKE_TAG) {
                drainCompleted();
                armWake();
            } else {
                handle(entries[(int) ud], res);
            }
        }
        ring.cqAdvance(n);
    }

    private void handle(RingEntry e, int res) {
        if (res == 0) {
            requests++;
            e.loadRequest();
            e.markBusy();
            if (!inline) {
                e.offload();
            } else if (e.exchange.opcode == Opcode.SETLKW) {
                // SETLKW waits for another request (the unlock), perhaps on this very queue: never on the owner.
                // The first offload starts the entry's runner, which must not inherit SCHED_IDLE.
                normalPolicy();
                offloadedInline++;
                e.offload();
            } else if (!servesLargeIo() && largeIo(e.exchange)) {
                offloadedInline++;
                e.offload();
            } else {
                runInline(e);
            }
            return;
        }
        dropped(e, res);
    }

    /** Runs a request on the owner and commits its reply. */
    private void runInline(RingEntry e) {
        e.dispatchInline();
        seenThreadStarts = InheritedAffinityRepair.afterFilesystemCode(seenThreadStarts);
        commit(e);
    }

    /**
     * Records that the kernel dropped an entry: its command completed with {@code res < 0}. Called by the owner,
     * or by the runner that serves the entry through its own ring; the last entry dropped reports the end of the
     * connection.
     *
     * @param e   the entry
     * @param res the negative errno of the completion
     */
    void dropped(RingEntry e, int res) {
        e.live = false;
        e.markIdle();
        int left = liveEntries.decrementAndGet();
        int err = -res;
        if (err == ENOTCONN || err == ECONNABORTED || err == ENODEV) {
            if (left == 0) {
                events.disconnected("io_uring worker " + workerId);
            }
        } else {
            log.error("io_uring worker {}: entry {} of queue {} failed with {}; it is no longer served", workerId,
                    e.id, e.qid, Errno.nameOf(err));
            events.fatal(new IllegalStateException("FUSE io_uring entry failed: " + Errno.nameOf(err)));
        }
        if (Thread.currentThread() != thread) {
            wake(); // the owner ends once no entry is left, or, when stopping, once only held ones are
        }
    }

    /**
     * Tells whether runners take their entries over: with offloaded dispatch an entry's first request reaches
     * the owner, which hands it to the entry's runner; the runner then commits through its own
     * {@link RunnerRing} and so receives every later request of the entry itself (see {@link RingEntry}).
     *
     * @return true with offloaded dispatch
     */
    boolean runnersServeEntries() {
        return !inline;
    }

    /**
     * Tells whether the owner has torn down (its session is over or ending): a runner that still receives a
     * request then stops serving its entry instead of running it.
     *
     * @return true once the owner's loop has ended
     */
    boolean hasEnded() {
        return ended;
    }

    /**
     * Attaches the calling runner, which took its entry over, to the priority guard: it then serves and waits
     * under {@code SCHED_IDLE} as inline ring owners do (see {@link OwnerPriority}).
     *
     * @param served the runner's request count (its progress, for the guard)
     * @return the runner's handle on the guard, or null when the session's owners keep the normal policy
     */
    OwnerPriority attachRunner(LongSupplier served) {
        return priorityGuard == null ? null : priorityGuard.attach(served);
    }

    /** The /dev/fuse descriptor the entries are registered on. */
    int devFd() {
        return devFd;
    }

    /** Counts a request that a runner received through its own ring. */
    void runnerReceived() {
        runnerRequests.increment();
    }

    /**
     * A runner could not create its ring: its entry stays with the owner (replies go back through the
     * completion stack). Logged once per worker.
     *
     * @param e     the entry
     * @param cause why
     */
    void runnerRingFailed(RingEntry e, NativeCallException cause) {
        if (runnerRingFailureLogged.compareAndSet(false, true)) {
            log.warn("io_uring worker {}: the runner of entry {} could not create its own ring ({}); its replies go "
                    + "back through the ring owner (slower)", workerId, e.id, cause.getMessage());
        }
    }

    /**
     * A runner's ring failed in io_uring_enter: the session ends, as when the owner's ring fails, and the entry
     * no longer counts as live (nobody serves it, so the owner must not wait for the kernel to drop it).
     *
     * @param e     the entry
     * @param cause the failure
     */
    void runnerFailed(RingEntry e, RuntimeException cause) {
        log.error("io_uring worker {}: the runner of entry {} of queue {} failed", workerId, e.id, e.qid, cause);
        e.live = false;
        liveEntries.decrementAndGet();
        events.fatal(cause);
        wake();
    }

    /** Back to SCHED_OTHER, if idle, before a hand-off that may start a runner thread (see OwnerPriority). */
    private void normalPolicy() {
        if (priority != null) {
            priority.toNormal();
        }
    }

    /**
     * True when this owner serves large READ/WRITE itself: whenever it may use idle mode, where it commits
     * replies and waits under SCHED_IDLE so that the application stays on this CPU (see largeIo). That includes
     * the first request after a quiet second (idle mode starts with the wait that commits it) and the holds at
     * SCHED_OTHER after a starvation: a hold means that another task keeps this CPU busy, so the application
     * moving to an idle CPU is no loss, and when every CPU is busy (a client per CPU, where the holds happen)
     * the runner's two extra switches per request would be.
     */
    private boolean servesLargeIo() {
        return priority != null && !priority.isDisabled();
    }

    /**
     * Tells whether a request is a READ or WRITE of at least {@link #LARGE_IO_BYTES}, which inline dispatch
     * also hands to the entry's runner thread. Measured with benchfs (128 KiB sequential I/O from one
     * application thread): +31% read and +25% write throughput, because a commit from the ring owner wakes
     * the application while the owner still runs on the application's CPU, and the scheduler then moves the
     * application to the other CPU on every request; with the copy done by the runner, that happens on about
     * a fifth of the requests. Small requests stay on the owner, where they are fastest. An owner that may use
     * idle mode ({@link OwnerPriorityGuard}) keeps the application on its CPU for every request, and serves
     * large requests itself ({@link #servesLargeIo}); the runner hand-off is for owners that cannot.
     */
    static boolean largeIo(Exchange ex) {
        if (ex.opcode == Opcode.READ) {
            return Integer.toUnsignedLong(ex.opIn.get(ValueLayout.JAVA_INT_UNALIGNED, FuseReadIn.SIZE_FIELD))
                    >= LARGE_IO_BYTES;
        }
        return ex.opcode == Opcode.WRITE && ex.payloadLength >= LARGE_IO_BYTES;
    }

    private void drainCompleted() {
        RingEntry e = completedStack.getAndSet(null);
        while (e != null) {
            RingEntry next = e.nextCompleted;
            e.nextCompleted = null;
            if (inline) {
                offloadedInline--;
            }
            commit(e);
            e = next;
        }
    }

    private void commit(RingEntry e) {
        e.storeReply();
        e.markIdle();
        queueCommand(e, CMD_COMMIT_AND_FETCH, e.commitId);
    }

    private void queueCommand(RingEntry e, int cmd, long commitId) {
        fillCommand(nextSqe(), cmd, fixedFile, devFd, e, commitId);
    }

    /**
     * Fills a zeroed SQE with a FUSE URING_CMD for an entry.
     *
     * @param sqe       the SQE, zero-filled
     * @param cmd       {@link #CMD_REGISTER} or {@link #CMD_COMMIT_AND_FETCH}
     * @param fixedFile true when the ring has /dev/fuse registered as fixed file 0
     * @param devFd     the /dev/fuse descriptor (used when not {@code fixedFile})
     * @param e         the entry
     * @param commitId  the id to commit with (0 for REGISTER)
     */
    static void fillCommand(MemorySegment sqe, int cmd, boolean fixedFile, int devFd, RingEntry e, long commitId) {
        sqe.set(ValueLayout.JAVA_BYTE, 0, IORING_OP_URING_CMD);
        if (fixedFile) {
            sqe.set(ValueLayout.JAVA_BYTE, 1, IOSQE_FIXED_FILE);
            sqe.set(ValueLayout.JAVA_INT, 4, 0);
        } else {
            sqe.set(ValueLayout.JAVA_INT, 4, devFd);
        }
        sqe.set(ValueLayout.JAVA_INT, 8, cmd);
        if (cmd == CMD_REGISTER) {
            sqe.set(ValueLayout.JAVA_LONG, 16, e.iovec.address());
            sqe.set(ValueLayout.JAVA_INT, 24, 2);
        }
        sqe.set(ValueLayout.JAVA_LONG, 32, e.id);
        sqe.set(ValueLayout.JAVA_LONG, 56, commitId);
        sqe.set(ValueLayout.JAVA_SHORT, 64, (short) e.qid);
    }

    private void armWake() {
        MemorySegment sqe = nextSqe();
        sqe.set(ValueLayout.JAVA_BYTE, 0, IORING_OP_READ);
        sqe.set(ValueLayout.JAVA_INT, 4, wakeFd);
        sqe.set(ValueLayout.JAVA_LONG, 8, -1L);
        sqe.set(ValueLayout.JAVA_LONG, 16, wakeBuffer.address());
        sqe.set(ValueLayout.JAVA_INT, 24, 8);
        sqe.set(ValueLayout.JAVA_LONG, 32, WAKE_TAG);
    }

    private MemorySegment nextSqe() {
        MemorySegment sqe = ring.nextSqe();
        while (sqe == null) {
            int r = ring.submitAndWait(0);
            if (r < 0 && -r != EINTR && -r != EAGAIN && -r != EBUSY) {
                throw new IllegalStateException("io_uring_enter failed: " + Errno.nameOf(-r));
            }
            sqe = ring.nextSqe();
        }
        return sqe;
    }

    private void tearDown() {
        ended = true;
        RingEntry[] list = entries;
        if (list != null) {
            for (RingEntry e : list) {
                e.close();
            }
            long deadline = System.nanoTime() + RUNNER_END_WAIT_NANOS;
            for (RingEntry e : list) {
                e.awaitRunnerEnd(deadline);
            }
        }
        if (ring != null) {
            ring.close();
        }
        if (wakeFd >= 0) {
            // Entries still held by the filesystem, and runners still alive (a runner serving its entry through
            // its own ring writes to it when the kernel drops the entry), may write to the eventfd later.
            Descriptors.retire(wakeFd, busyCount(list, false) > 0 || anyRunnerAlive(list),
                    "io_uring wake-up eventfd");
        }
    }

    /**
     * Frees the entries' buffers. Only call after the worker finished and the kernel has dropped the
     * entries (after unmount); never while the kernel could still write into them.
     */
    public void freeBuffers() {
        if (headerMemory != null) {
            NativeMemory.unmap(headerMemory);
            headerMemory = null;
        }
        if (payloadMemory != null) {
            NativeMemory.unmap(payloadMemory);
            payloadMemory = null;
        }
    }
}
