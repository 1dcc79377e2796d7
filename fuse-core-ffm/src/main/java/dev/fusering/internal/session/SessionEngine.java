package dev.fusering.internal.session;

import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.DispatchMode;
import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseNotifier;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.api.MountOptions;
import dev.fusering.api.QueueStats;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.SessionStats;
import dev.fusering.api.ShutdownHandle;
import dev.fusering.api.Transport;
import dev.fusering.internal.abi.InitFlags;
import dev.fusering.internal.dispatch.DispatchConfig;
import dev.fusering.internal.dispatch.Dispatcher;
import dev.fusering.internal.dispatch.Exchange;
import dev.fusering.internal.dispatch.FilesystemFeatures;
import dev.fusering.internal.dispatch.InFlightRequests;
import dev.fusering.internal.linux.CpuList;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.NativeCallException;
import dev.fusering.internal.linux.ProcessCapabilities;
import dev.fusering.internal.mount.DevFuse;
import dev.fusering.internal.mount.FuseConnection;
import dev.fusering.internal.mount.FusermountMount;
import dev.fusering.internal.mount.KernelMount;
import dev.fusering.internal.mount.MountPointGuard;
import dev.fusering.internal.mount.UnmountResult;
import dev.fusering.internal.mount.UringSupport;
import dev.fusering.internal.notify.SessionNotifier;
import dev.fusering.internal.passthrough.BackingFiles;
import dev.fusering.internal.transport.Descriptors;
import dev.fusering.internal.transport.DevFuseReaders;
import dev.fusering.internal.transport.Slot;
import dev.fusering.internal.transport.TransportEvents;
import dev.fusering.internal.uring.OwnerPriorityGuard;
import dev.fusering.internal.uring.RingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running session: owns the {@code /dev/fuse} descriptor, the mount, the transports and the lifecycle
 * thread that ends them.
 *
 * <p>Start-up ({@link #start}): check native access (and io_uring when it is required), prepare the mount
 * point (repairing a stale mount), open {@code /dev/fuse}, mount(2), read FUSE_INIT, create the rings on
 * their owner threads (before answering INIT, so that a failure can still fall back to {@code /dev/fuse}),
 * call {@link Filesystem#init}, answer INIT, let the rings REGISTER, start the {@code /dev/fuse} readers.
 *
 * <p>Shutdown (on the {@code fuse-session} thread, triggered by the shutdown handle, by the kernel ending the
 * connection, or by a transport failure): drain in-flight requests within the timeout, unmount (lazily and
 * with a connection abort if the mount is busy), wait for the transport threads, call
 * {@link Filesystem#destroy} once, free native memory, close {@code /dev/fuse}.
 */
public final class SessionEngine implements RunningSession, TransportEvents {

    private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);

    private static final long READY_TIMEOUT_MS = 10_000;
    private static final long JOIN_TIMEOUT_MS = 5_000;

    private final Path mountPoint;
    private final Filesystem fs;
    private final MountOptions options;
    private final DispatchMode dispatch;
    private final Duration shutdownTimeout;
    private final ShutdownSignal shutdown;
    private final Arena arena = Arena.ofShared();
    private final List<RingWorker> workers = new ArrayList<>();
    /** Watches ring owners that wait under SCHED_IDLE; null when they keep the normal policy. */
    private OwnerPriorityGuard priorityGuard;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private final Object lock = new Object();

    private int devFd = -1;
    private boolean mounted;
    /** The fusermount3 mount when mount(2) is not permitted (non-root), else {@code null}. */
    private FusermountMount fusermount;
    private long connectionId = -1;
    private DevFuseReaders readers;
    private SessionNotifier notifier;
    private ConnectionInfo connection;
    private Transport transport;
    private int queues;
    private List<Slot> allSlots = List.of();
    private BackingFiles backingFiles;
    private volatile Throwable failure;
    private volatile boolean ending;
    private String endReason;
    private Thread lifecycle;
    private Thread exitHook;

    /**
     * Resolves {@link DispatchMode#AUTO}: inline for a filesystem that declares itself non-blocking,
     * offloaded otherwise.
     *
     * @param requested the mode the session asked for
     * @param fs        the filesystem
     * @return {@link DispatchMode#INLINE} or {@link DispatchMode#OFFLOADED}
     */
    static DispatchMode effectiveDispatch(DispatchMode requested, Filesystem fs) {
        if (requested != DispatchMode.AUTO) {
            return requested;
        }
        return fs.nonBlocking() ? DispatchMode.INLINE : DispatchMode.OFFLOADED;
    }

    private SessionEngine(Session session, Filesystem fs, ShutdownSignal shutdown) {
        this.mountPoint = session.mountPoint();
        this.fs = fs;
        this.options = session.options();
        this.dispatch = effectiveDispatch(session.dispatch(), fs);
        this.shutdownTimeout = session.shutdownTimeout();
        this.shutdown = shutdown;
    }

    /**
     * Mounts and starts serving.
     *
     * @param session  the configuration
     * @param fs       the filesystem
     * @param shutdown the session's shutdown signal
     * @return the running session
     * @throws FuseMountException if the mount cannot be made
     */
    public static RunningSession start(Session session, Filesystem fs, ShutdownSignal shutdown)
            throws FuseMountException {
        if (!LibC.nativeAccessEnabled()) {
            throw new FuseMountException(Reason.NATIVE_ACCESS_DISABLED, LibC.NATIVE_ACCESS_MESSAGE);
        }
        SessionEngine engine = new SessionEngine(session, fs, shutdown);
        try {
            engine.startUp(session);
        } catch (FuseMountException | RuntimeException | Error e) {
            engine.abortStartUp();
            throw e;
        }
        return engine;
    }

    private void startUp(Session session) throws FuseMountException {
        Transport requested = session.transport();
        UringSupport.Status uringStatus = UringSupport.check();
        if (requested == Transport.IO_URING) {
            UringSupport.Status status = uringStatus;
            if (!status.available()) {
                throw new FuseMountException(Reason.IO_URING_UNAVAILABLE, "transport io-uring was required but "
                        + status.reason());
            }
        }
        Path target = MountPointGuard.prepare(mountPoint);
        MountArguments args = MountArguments.of(options);
        if (FusermountMount.required() && options.blockDevice() != null) {
            throw new FuseMountException(Reason.PERMISSION_DENIED, "a fuseblk mount on " + options.blockDevice()
                    + " needs root (CAP_SYS_ADMIN): fusermount3 does not mount block devices for other users");
        }
        if (FusermountMount.required()) {
            fusermount = FusermountMount.mount(target, options.fsName(), options.subtype(), args.flags(), args.data(),
                    options.autoUnmount());
            devFd = fusermount.devFd();
        } else {
            devFd = DevFuse.open();
            KernelMount.mount(target, devFd, options.fsName(), options.subtype(), args.flags(), args.data(),
                    options.blockDevice());
        }
        mounted = true;
        connectionId = findConnectionId(target);

        InitNegotiation init = InitNegotiation.read(devFd);
        if (options.passthrough()) {
            requirePassthrough(init);
        }
        boolean useUring = false;
        if (requested != Transport.CLASSIC) {
            if (init.offersIoUring()) {
                useUring = true;
            } else {
                String why = uringStatus.available()
                        ? "the kernel did not offer FUSE_OVER_IO_URING at FUSE_INIT (it needs Linux 6.14+ with "
                        + "CONFIG_FUSE_IO_URING)"
                        : uringStatus.reason();
                if (requested == Transport.IO_URING) {
                    throw new FuseMountException(Reason.IO_URING_UNAVAILABLE,
                            "transport io-uring was required but " + why);
                }
                log.info("FUSE-over-io_uring not used for {}: {}; serving over /dev/fuse", mountPoint, why);
            }
        }

        FilesystemFeatures features = FilesystemFeatures.of(fs);
        int possible = CpuList.possibleCpuCount();
        queues = possible;
        ConnectionInfo info = init.negotiate(options, features.readdirplus(), useUring, possible);
        boolean setxattrExt = (info.flags() & InitFlags.SETXATTR_EXT) != 0;
        if ((info.flags() & InitFlags.PASSTHROUGH) != 0) {
            backingFiles = new BackingFiles(devFd, mountPoint.toString());
        }
        boolean inline = dispatch == DispatchMode.INLINE;
        int maxSlots = (useUring ? possible * session.queueDepth() : 0)
                + (inline ? session.workerCount() + 1 + DevFuseReaders.WAITING_SLOTS
                : Math.max(2, session.queueDepth()) * session.workerCount());
        InFlightRequests inFlight = new InFlightRequests(maxSlots);
        Dispatcher dispatcher = new Dispatcher(fs, new DispatchConfig(options.entryTimeout().toNanos(),
                options.attrTimeout().toNanos(), setxattrExt, inFlight, mountPoint.toString(), session.observer()),
                backingFiles);
        notifier = new SessionNotifier(devFd, mountPoint.toString());
        dispatcher.notifyReplies(notifier);
        if (options.allowRoot() && !options.allowOther()) {
            dispatcher.onlyOwnerAndRoot(LibC.getuid());
        }
        int payload = InitNegotiation.payloadSize(options.maxWrite());
        int exchangeIndex = 0;

        if (useUring) {
            if (session.idleRingOwners()) {
                // Inline owners run large READ/WRITE themselves and wait idle after them; with offloaded
                // dispatch the runners that took their entries over do.
                priorityGuard = OwnerPriorityGuard.startIfPermitted(mountPoint.toString());
            }
            int workerCount = Math.min(session.workerCount(), possible);
            for (int w = 0; w < workerCount; w++) {
                int[] qids = stride(w, workerCount, possible);
                RingWorker worker = new RingWorker(w, devFd, qids, session.queueDepth(), payload, inline, dispatcher,
                        arena, this, exchangeIndex, priorityGuard);
                exchangeIndex += worker.entryCount();
                workers.add(worker);
                worker.start();
            }
            Throwable ringFailure = null;
            for (RingWorker worker : workers) {
                Throwable t = awaitReady(worker);
                if (t != null && ringFailure == null) {
                    ringFailure = t;
                }
            }
            if (ringFailure != null) {
                for (RingWorker worker : workers) {
                    worker.abort();
                }
                awaitWorkers();
                workers.clear();
                closePriorityGuard();
                if (requested == Transport.IO_URING) {
                    throw new FuseMountException(Reason.IO_URING_UNAVAILABLE,
                            "transport io-uring was required but the rings could not be set up: "
                                    + ringFailure.getMessage(), ringFailure);
                }
                log.warn("FUSE-over-io_uring not used for {}: the rings could not be set up ({}); serving over "
                        + "/dev/fuse", mountPoint, ringFailure.getMessage());
                useUring = false;
                info = init.negotiate(options, features.readdirplus(), false, possible);
            }
        }
        transport = useUring ? Transport.IO_URING : Transport.CLASSIC;
        int readerThreads = useUring ? 1 : session.workerCount();
        int readerSlots = inline ? readerThreads + 1 + DevFuseReaders.WAITING_SLOTS
                : Math.max(2, session.queueDepth()) * readerThreads;
        try {
            readers = new DevFuseReaders(devFd, readerSlots, payload + 4096, inline, setxattrExt, dispatcher, arena,
                    this, exchangeIndex);
        } catch (NativeCallException e) {
            throw new FuseMountException(Reason.INIT_FAILED, "cannot allocate /dev/fuse buffers: " + e.getMessage(),
                    e);
        }
        List<Slot> slots = new ArrayList<>(readers.slots());
        for (RingWorker worker : workers) {
            slots.addAll(List.of(worker.entries()));
        }
        allSlots = List.copyOf(slots);

        try {
            fs.init(info, notifier);
        } catch (RuntimeException | Error e) {
            init.fail(devFd, Errno.EIO.code());
            throw new FuseMountException(Reason.INIT_FAILED, "the filesystem's init() failed for " + mountPoint
                    + ": " + e, e);
        }
        connection = info;
        init.reply(devFd, info, options);
        notifier.open(info);
        for (RingWorker worker : workers) {
            worker.go();
        }
        readers.startReaders(readerThreads);
        lifecycle = Thread.ofPlatform().name("fuse-session").daemon(false).unstarted(this::lifecycleLoop);
        lifecycle.start();
        // System.exit() without close() must not leave a stale mount behind.
        exitHook = Thread.ofPlatform().name("fuse-exit-hook").unstarted(this::close);
        Runtime.getRuntime().addShutdownHook(exitHook);
        shutdown.onShutdown(() -> requestEnd("shutdown requested", null));
        log.info("mounted {} transport={} queues={} workers={} dispatch={} max_write={}", mountPoint,
                transportName(transport), queues(), workers(), dispatch.name().toLowerCase(), info.maxWrite());
    }

    /**
     * Returns the launcher's name of a transport.
     *
     * @param t the transport
     * @return {@code io-uring} or {@code classic}
     */
    public static String transportName(Transport t) {
        return t == Transport.IO_URING ? "io-uring" : t == Transport.CLASSIC ? "classic" : "auto";
    }

    /**
     * Fails the mount when passthrough was asked for but cannot work: the kernel does not offer it, or the
     * process lacks CAP_SYS_ADMIN, without which every backing-file registration fails with EPERM.
     */
    private void requirePassthrough(InitNegotiation init) throws FuseMountException {
        if (!init.offersPassthrough()) {
            throw new FuseMountException(Reason.INIT_FAILED, "passthrough was requested for " + mountPoint
                    + " but the kernel did not offer FUSE_PASSTHROUGH at FUSE_INIT (it needs Linux 6.9+ with "
                    + "CONFIG_FUSE_PASSTHROUGH); mount without MountOptions.passthrough");
        }
        if (!ProcessCapabilities.hasEffective(ProcessCapabilities.CAP_SYS_ADMIN)) {
            throw new FuseMountException(Reason.PERMISSION_DENIED, "passthrough was requested for " + mountPoint
                    + " but the process lacks CAP_SYS_ADMIN, which the kernel requires to register backing files "
                    + "(FUSE_DEV_IOC_BACKING_OPEN fails with EPERM); run the daemon as root or mount without "
                    + "MountOptions.passthrough");
        }
    }

    /**
     * Returns the session's passthrough backing files, for tests and diagnostics.
     *
     * @return the table, or null when FUSE_PASSTHROUGH was not negotiated
     */
    public BackingFiles backingFiles() {
        return backingFiles;
    }

    private static int[] stride(int w, int workers, int queues) {
        int n = 0;
        for (int q = w; q < queues; q += workers) {
            n++;
        }
        int[] qids = new int[n];
        int i = 0;
        for (int q = w; q < queues; q += workers) {
            qids[i++] = q;
        }
        return qids;
    }

    private Throwable awaitReady(RingWorker worker) {
        try {
            return worker.awaitReady(READY_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private long findConnectionId(Path target) {
        try {
            return FuseConnection.id(target);
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read the mount table: {}", e.getMessage());
            return -1;
        }
    }

    /** Undoes a partial start-up. */
    private void abortStartUp() {
        for (RingWorker worker : workers) {
            worker.abort();
        }
        if (mounted) {
            unmount();
        }
        for (RingWorker worker : workers) {
            worker.stop();
        }
        boolean ended = awaitWorkers();
        if (readers != null) {
            readers.stop();
            try {
                ended &= readers.awaitFinished(JOIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ended) {
            freeMemory();
        }
        if (notifier != null) {
            notifier.close(JOIN_TIMEOUT_MS);
        }
        closeDevFd();
    }

    private boolean awaitWorkers() {
        boolean all = true;
        for (RingWorker worker : workers) {
            try {
                all &= worker.awaitFinished(JOIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (all) {
            closePriorityGuard();
        }
        return all;
    }

    /** Stops the owners' priority guard once no owner runs any more (a stuck owner stays watched). */
    private void closePriorityGuard() {
        if (priorityGuard != null) {
            priorityGuard.close();
        }
    }

    // ------------------------------------------------------------------ transport events

    @Override
    public void disconnected(String who) {
        requestEnd("the kernel ended the connection (" + who + ")", null);
    }

    @Override
    public void fatal(Throwable t) {
        requestEnd("transport failure", t);
    }

    private void requestEnd(String reason, Throwable t) {
        synchronized (lock) {
            if (t != null && failure == null) {
                failure = t;
            }
            if (endReason == null) {
                endReason = reason;
            }
            ending = true;
            lock.notifyAll();
        }
    }

    // ------------------------------------------------------------------ lifecycle

    private void lifecycleLoop() {
        String reason;
        synchronized (lock) {
            while (!ending) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // the lifecycle thread is not interrupted by anyone but the JVM at exit: end now
                    endReason = "lifecycle thread interrupted";
                    ending = true;
                }
            }
            reason = endReason;
        }
        log.debug("ending session at {}: {}", mountPoint, reason);
        try {
            if (shutdown.isShutdown() && failure == null) {
                drain();
            }
            unmount();
            for (RingWorker worker : workers) {
                worker.stop();
            }
            if (readers != null) {
                readers.stop();
            }
            boolean ended = awaitTransport();
            if (!ended && connectionId >= 0) {
                log.warn("transport threads of {} did not end; aborting FUSE connection {}", mountPoint,
                        connectionId);
                abortConnection();
                ended = awaitTransport();
            }
            callDestroy();
            // A runner that took its ring entry over marks the entry idle just before it submits the commit, so
            // "no request busy" alone does not prove that no thread will touch the buffers any more.
            if (ended && !anyBusy() && !anyRunnerAlive()) {
                freeMemory();
            } else {
                log.warn("session at {}: requests still held by the filesystem, or runner threads still alive, at "
                        + "exit; native buffers are kept", mountPoint);
            }
            if (notifier != null) {
                notifier.close(JOIN_TIMEOUT_MS);
            }
            if (backingFiles != null) {
                backingFiles.closeAll();
            }
            Descriptors.retire(devFd, anyBusy(), "/dev/fuse");
            devFd = -1;
        } catch (Throwable t) {
            log.error("error while ending the session at {}", mountPoint, t);
            if (failure == null) {
                failure = t;
            }
        } finally {
            log.info("unmounted {}", mountPoint);
            removeExitHook();
            terminated.countDown();
        }
    }

    private void removeExitHook() {
        Thread hook = exitHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        while (anyBusy()) {
            if (System.nanoTime() >= deadline) {
                log.warn("shutdown of {}: {} request(s) still in flight after {} ms; unmounting anyway", mountPoint,
                        inFlight(), shutdownTimeout.toMillis());
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True while a slot's runner thread has not ended (call after the transport threads ended). */
    private boolean anyRunnerAlive() {
        for (Slot s : allSlots) {
            if (s.runnerAlive()) {
                return true;
            }
        }
        return false;
    }

    private boolean anyBusy() {
        return inFlight() > 0;
    }

    private long inFlight() {
        long n = 0;
        for (Slot s : allSlots) {
            if (s.isBusy()) {
                n++;
            }
        }
        return n;
    }

    private void unmount() {
        if (!mounted) {
            return;
        }
        mounted = false;
        try {
            UnmountResult r = fusermount != null ? fusermount.unmount() : KernelMount.unmount(mountPoint);
            if (r == UnmountResult.DETACHED) {
                log.warn("{} was busy: detached it lazily and aborted its FUSE connection; processes that still "
                        + "had files open there get ENOTCONN", mountPoint);
                abortConnection();
            }
        } catch (NativeCallException e) {
            log.error("unmounting {} failed: {}; aborting the FUSE connection", mountPoint, e.getMessage());
            abortConnection();
        }
        if (fusermount != null) {
            fusermount.close();
        }
    }

    private void abortConnection() {
        if (connectionId < 0) {
            return;
        }
        try {
            FuseConnection.abort(connectionId);
        } catch (IOException e) {
            log.debug("abort of FUSE connection {} failed: {}", connectionId, e.getMessage());
        }
    }

    private boolean awaitTransport() {
        boolean ended = awaitWorkers();
        if (readers != null) {
            try {
                ended &= readers.awaitFinished(JOIN_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ended;
    }

    private void callDestroy() {
        if (connection == null || !destroyed.compareAndSet(false, true)) {
            return;
        }
        try {
            fs.destroy();
        } catch (Throwable t) {
            log.error("the filesystem's destroy() failed for {}", mountPoint, t);
        }
    }

    private void freeMemory() {
        for (RingWorker worker : workers) {
            worker.freeBuffers();
        }
        if (readers != null) {
            readers.free();
        }
        arena.close();
    }

    private void closeDevFd() {
        if (devFd >= 0) {
            int fd = devFd;
            devFd = -1;
            try {
                LibC.close(fd);
            } catch (NativeCallException e) {
                log.debug("closing /dev/fuse: {}", e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ RunningSession

    @Override
    public Path mountPoint() {
        return mountPoint;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public ConnectionInfo connection() {
        return connection;
    }

    @Override
    public int queues() {
        return transport == Transport.IO_URING ? queues : 0;
    }

    @Override
    public int workers() {
        return transport == Transport.IO_URING ? workers.size() : readers.readerCount();
    }

    @Override
    public FuseNotifier notifier() {
        return notifier;
    }

    @Override
    public SessionStats stats() {
        long ring = 0;
        for (RingWorker w : workers) {
            ring += w.requests();
        }
        long errors = 0;
        long internal = 0;
        long read = 0;
        long written = 0;
        for (Slot s : allSlots) {
            Exchange ex = s.exchange;
            errors += ex.errors;
            internal += ex.internalErrors;
            read += ex.bytesRead;
            written += ex.bytesWritten;
        }
        DevFuseReaders r = readers;
        return new SessionStats(ring, r == null ? 0 : r.requests(), r == null ? 0 : r.forgets(),
                r == null ? 0 : r.interrupts(), errors, internal, inFlight(), read, written,
                priorityGuard == null ? 0 : priorityGuard.starvations());
    }

    @Override
    public List<QueueStats> queueStats() {
        List<QueueStats> out = new ArrayList<>();
        for (RingWorker w : workers) {
            out.addAll(w.queueStats());
        }
        out.sort(java.util.Comparator.comparingInt(QueueStats::queue));
        if (readers != null) {
            int busy = 0;
            for (Slot s : readers.slots()) {
                if (s.isBusy()) {
                    busy++;
                }
            }
            out.add(new QueueStats(QueueStats.DEV_FUSE, readers.slots().size(), busy));
        }
        return out;
    }

    @Override
    public boolean isRunning() {
        return terminated.getCount() > 0 && !ending;
    }

    @Override
    public ShutdownHandle shutdownHandle() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        if (!terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        joinLifecycle();
        return true;
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        terminated.await();
        joinLifecycle();
    }

    /**
     * Waits for the lifecycle thread to finish its last statements after it signalled termination, so that
     * no engine thread is left once close or awaitTermination returns (not when called on that thread).
     */
    private void joinLifecycle() throws InterruptedException {
        Thread t = lifecycle;
        if (t != null && t != Thread.currentThread()) {
            t.join(JOIN_TIMEOUT_MS);
        }
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        shutdown.shutdown();
        requestEnd("closed", null);
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                joinLifecycle();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FuseSession[" + mountPoint + ", " + transportName(transport) + "]";
    }
}
