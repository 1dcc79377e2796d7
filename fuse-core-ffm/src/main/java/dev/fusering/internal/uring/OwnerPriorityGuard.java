package dev.fusering.internal.uring;

import dev.fusering.api.Errno;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Lets the ring owners of a session wait and commit under {@code SCHED_IDLE} while nothing else wants their
 * CPU, and takes that away from an owner as soon as it is starved. With offloaded dispatch the runners that took
 * their ring entries over ({@code RingEntry}) attach the same way and are "owners" here; the session's owners
 * then do not attach (they run no filesystem code).
 *
 * <p>Why: a ring owner runs on the CPU of the applications whose requests it serves. When it commits a
 * reply, the kernel wakes the application while the owner still runs there, so the scheduler moves the
 * application to another, idle CPU; a single-threaded application doing back-to-back I/O then migrates on
 * every request (measured on benchfs: 1.0 migrations per 128 KiB read), and one doing stat() in a loop every
 * few requests, each migration waking the halted CPU. A CPU whose only running task is {@code SCHED_IDLE}
 * counts as idle for that decision, so the application stays where it is and its next request finds the
 * owner on the same CPU (see {@code docs/performance.md}). An owner switches to {@code SCHED_IDLE} at the
 * wait after its first request and stays there, filesystem code included ({@link OwnerPriority}); threads
 * that filesystem code starts meanwhile inherit {@code SCHED_IDLE}, and this guard switches them back
 * ({@link InheritedIdleRepair}).
 *
 * <p>The price of {@code SCHED_IDLE} is that any normal task on the owner's CPU (the owner is pinned there)
 * can starve it for up to a second, stalling every request of that queue. This guard bounds that: a
 * platform thread looks at every owner in idle mode each {@link #TICK_NANOS}; an owner that served nothing
 * since the last look and is runnable ({@code R} in {@code /proc/self/task/TID/stat}) for
 * {@link #STALLED_LOOKS} looks in a row leaves idle mode, is switched to {@code SCHED_OTHER} and stays out of
 * idle mode for a hold time ({@link #INITIAL_HOLD_NANOS}). The hold doubles, up to {@link #MAX_HOLD_NANOS}, when
 * the owner is starved again within one hold time after the previous hold ended (a task that keeps hogging the
 * CPU), and starts over otherwise (a burst of work, such as the JIT compiling, that ended). An owner
 * that served nothing for {@link #QUIET_NANOS} also leaves idle mode, so an unused mount costs no periodic
 * wake-ups: the guard parks until an owner enters idle mode again (which owners do on their own, at their
 * next request).
 *
 * <p>The same looks bound the delay an idle owner can add to the JVM's safepoints: an owner preempted while it
 * runs Java code is runnable without progress, and is back at {@code SCHED_OTHER} two looks later.
 *
 * <p>Leaving {@code SCHED_IDLE} needs {@code CAP_SYS_NICE} (or {@code RLIMIT_NICE} 20); when a probe thread
 * finds it refused, {@link #startIfPermitted} returns
 * null and the owners keep the normal policy.
 */
public final class OwnerPriorityGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OwnerPriorityGuard.class);

    /** How often the guard looks at idle owners. */
    static final long TICK_NANOS = 2_000_000L;
    /** Looks in a row that must find an owner runnable without progress before it counts as starved. */
    static final int STALLED_LOOKS = 2;
    /** An idle owner that served nothing for this long is switched back to normal (the guard can park). */
    static final long QUIET_NANOS = 1_000_000_000L;
    /**
     * The first hold at SCHED_OTHER after a starvation. Short, because the usual starver is a burst (the JIT
     * compiling while every CPU has a client), after which idle mode is the faster one again: with a 128 KiB
     * reader or writer on each CPU, holds of 1 s and more, doubling with each burst, cost 10-25% of the
     * throughput. Not shorter, because each starvation stalls the owner's queue for a few milliseconds: against
     * busy loops on every CPU, 2,000 reads of 128 KiB took 389-434 ms with holds from 1 s, 411-534 ms from 200 ms
     * and 474-671 ms from 50 ms (measured while held owners still handed large requests to runners; see
     * {@code docs/performance.md}, "A client per CPU: the guard's hold").
     */
    static final long INITIAL_HOLD_NANOS = 200_000_000L;
    /** The longest hold, reached by a task that starves the owner again each time a hold ends. */
    static final long MAX_HOLD_NANOS = 64_000_000_000L;
    private static final int STAT_BUFFER = 1024;

    private final String name;
    private final List<OwnerPriority> owners = new CopyOnWriteArrayList<>();
    private final AtomicLong starvations = new AtomicLong();
    private final MemorySegment statBuffer;
    private final Arena arena;
    private final Thread thread;
    private final int procStatFd;
    private final InheritedIdleRepair inherited;
    private volatile boolean running = true;

    private OwnerPriorityGuard(String name) {
        this.name = name;
        this.arena = Arena.ofShared();
        this.statBuffer = arena.allocate(STAT_BUFFER);
        int fd;
        try {
            fd = LibC.open("/proc/self/stat", LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
        } catch (NativeCallException e) {
            log.debug("/proc/self/stat: {}; threads are listed at every look", e.getMessage());
            fd = -1;
        }
        this.procStatFd = fd;
        this.inherited = new InheritedIdleRepair(name, this::isOwner, statBuffer, fd);
        inherited.learn();
        this.thread = Thread.ofPlatform().name("fuse-ring-guard").daemon(true).unstarted(this::loop);
    }

    /**
     * Starts a guard when this process may switch its threads back from {@code SCHED_IDLE}, which a short
     * probe thread tries first: that needs {@code CAP_SYS_NICE} in the initial user namespace (a root user
     * inside an unprivileged user namespace does not have it) or an {@code RLIMIT_NICE} of 20.
     *
     * @param name the mount point, for log lines
     * @return the running guard, or null (with a log line) when it is not permitted
     */
    public static OwnerPriorityGuard startIfPermitted(String name) {
        String refusal = leaveSchedIdleRefusal();
        if (refusal != null) {
            log.info("io_uring ring owners of {} keep the normal scheduling policy: a thread cannot switch back "
                    + "from SCHED_IDLE here ({}; needs CAP_SYS_NICE)", name, refusal);
            return null;
        }
        OwnerPriorityGuard guard = new OwnerPriorityGuard(name);
        guard.thread.start();
        return guard;
    }

    /**
     * Tries, on a short-lived thread, to switch to {@code SCHED_IDLE} and back.
     *
     * @return null when both worked, else why not
     */
    static String leaveSchedIdleRefusal() {
        AtomicReference<String> refusal = new AtomicReference<>("the probe did not finish");
        Thread probe = Thread.ofPlatform().name("fuse-sched-probe").daemon(true).start(() -> {
            try {
                LibC.schedSetscheduler(0, LinuxConstants.SCHED_IDLE);
                LibC.schedSetscheduler(0, LinuxConstants.SCHED_OTHER);
                refusal.set(null);
            } catch (NativeCallException e) {
                refusal.set("sched_setscheduler: " + Errno.nameOf(e.errno()));
            }
        });
        try {
            probe.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return refusal.get();
    }

    /**
     * Creates a guard without starting its thread, for tests that drive {@link #look} themselves.
     *
     * @param name the name for log lines
     * @return the guard
     */
    static OwnerPriorityGuard unstarted(String name) {
        return new OwnerPriorityGuard(name);
    }

    /**
     * Registers the calling thread, a ring owner, with the guard.
     *
     * @param requests the owner's request count, which the guard reads as progress
     * @return the owner's handle; it never goes idle when its stat file cannot be opened
     */
    OwnerPriority attach(LongSupplier requests) {
        int tid = LibC.gettid();
        int fd;
        try {
            fd = LibC.open("/proc/self/task/" + tid + "/stat", LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
        } catch (NativeCallException e) {
            log.info("io_uring ring owner {} of {} keeps the normal scheduling policy: {}", tid, name,
                    e.getMessage());
            fd = -1;
        }
        OwnerPriority p = new OwnerPriority(this, requests, tid, fd);
        owners.add(p);
        return p;
    }

    private boolean isOwner(int tid) {
        for (OwnerPriority p : owners) {
            if (p.tid == tid) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the repair of threads that inherit {@code SCHED_IDLE} from owners, for tests that drive it.
     *
     * @return the repair
     */
    InheritedIdleRepair inherited() {
        return inherited;
    }

    /** Wakes the guard: an owner has just gone idle. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /**
     * Returns how many times an idle owner was found starved and switched back to {@code SCHED_OTHER}.
     *
     * @return the count since the session started
     */
    public long starvations() {
        return starvations.get();
    }

    /**
     * Stops the guard thread and closes the owners' stat files. Call after the ring owners have ended.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("the ring owner guard of {} did not end; its stat files stay open", name);
            return;
        }
        for (OwnerPriority p : owners) {
            closeStat(p);
        }
        owners.clear();
        if (procStatFd >= 0) {
            try {
                LibC.close(procStatFd);
            } catch (NativeCallException e) {
                log.debug("closing /proc/self/stat: {}", e.getMessage());
            }
        }
        arena.close();
    }

    private void loop() {
        boolean wasWatching = false;
        while (running) {
            long now = System.nanoTime();
            boolean watching = false;
            for (OwnerPriority p : owners) {
                if (p.isDisabled() && !p.isIdleMode()) {
                    owners.remove(p);
                    closeStat(p);
                } else if (look(p, now)) {
                    watching = true;
                }
            }
            if (watching) {
                if (wasWatching) {
                    inherited.check();
                } else {
                    inherited.sweep();
                }
                wasWatching = true;
                LockSupport.parkNanos(this, TICK_NANOS);
            } else {
                if (wasWatching) {
                    inherited.sweep();
                }
                wasWatching = false;
                LockSupport.park(this);
            }
        }
    }

    /**
     * Looks at one owner: ends its idle mode when it had no idle wait for {@link #QUIET_NANOS}, or when it was
     * runnable without progress for {@link #STALLED_LOOKS} looks in a row (starved).
     *
     * @param p   the owner
     * @param now the current {@link System#nanoTime()}
     * @return true while the owner is in idle mode and needs watching
     */
    boolean look(OwnerPriority p, long now) {
        if (!p.isIdleMode()) {
            p.watched = false;
            return false;
        }
        long idleWaits = p.idleWaits();
        long served = p.requests.getAsLong();
        if (!p.watched) {
            // Just entered idle mode: start the clocks here, not at an idle wait long ago.
            p.watched = true;
            p.seenIdleWaits = idleWaits;
            p.lastIdleWaitNanos = now;
            p.seenRequests = served;
            p.stalledLooks = 0;
            return true;
        }
        if (idleWaits != p.seenIdleWaits) {
            p.seenIdleWaits = idleWaits;
            p.lastIdleWaitNanos = now;
        } else if (now - p.lastIdleWaitNanos >= QUIET_NANOS) {
            // No wait under SCHED_IDLE for a while: stop watching (the owner re-enters idle mode by itself).
            p.leaveIdleMode(p.lastIdleWaitNanos);
            p.watched = false;
            return false;
        }
        if (served != p.seenRequests) {
            p.seenRequests = served;
            p.stalledLooks = 0;
            return true;
        }
        if (state(p) == 'R') {
            if (++p.stalledLooks >= STALLED_LOOKS) {
                starved(p, now);
            }
        } else {
            p.stalledLooks = 0;
        }
        return p.isIdleMode();
    }

    private void starved(OwnerPriority p, long now) {
        // Starved again soon after the last hold ended: the starver is still there, hold twice as long. Else, and
        // the first time, start over.
        boolean again = p.lastHoldNanos > 0 && now - (p.lastStarvedNanos + p.lastHoldNanos) < p.lastHoldNanos;
        long hold = again ? Math.min(MAX_HOLD_NANOS, 2 * p.lastHoldNanos) : INITIAL_HOLD_NANOS;
        p.lastHoldNanos = hold;
        p.lastStarvedNanos = now;
        p.stalledLooks = 0;
        p.watched = false;
        if (p.leaveIdleMode(now + hold)) {
            starvations.incrementAndGet();
            log.debug("io_uring ring owner {} of {} was starved under SCHED_IDLE; SCHED_OTHER for {} ms", p.tid,
                    name, hold / 1_000_000);
        }
    }

    private char state(OwnerPriority p) {
        long n = LibC.preadRaw(p.statFd, statBuffer, STAT_BUFFER, 0);
        return n <= 0 ? '?' : ProcStatLine.state(statBuffer, (int) n);
    }

    private static void closeStat(OwnerPriority p) {
        if (p.statFd >= 0) {
            try {
                LibC.close(p.statFd);
            } catch (NativeCallException e) {
                log.debug("closing the stat file of ring owner {}: {}", p.tid, e.getMessage());
            }
        }
    }
}
