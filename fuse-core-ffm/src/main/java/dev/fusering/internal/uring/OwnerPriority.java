package dev.fusering.internal.uring;

import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * The scheduling policy of one ring owner watched by an {@link OwnerPriorityGuard}. In <em>idle mode</em> the
 * owner switches to {@code SCHED_IDLE} before the {@code io_uring_enter} that follows its first request (where
 * it commits that reply and waits for the next requests) and stays there while it serves further requests:
 * serving costs no syscall beyond the waits. Measured on benchfs, staying idle instead of switching around
 * every wait (two {@code sched_setscheduler} calls of about 2 us each per request on this VM) raised 128 KiB
 * throughput from 1.07x/1.11x to 1.25x/1.33x libfuse's (read/write, runs 8 and 9 of
 * {@code docs/performance.md}), and idle mode for every request rather than only for runs of large READ/WRITE
 * raised a single-threaded stat loop from 10-17k to 17-20k stat/s (session 10), where switching around every
 * wait fell to 12k. The filesystem's code thus runs under {@code SCHED_IDLE}; threads it starts inherit the
 * policy and the guard switches them back ({@link InheritedIdleRepair}). The owner switches back to
 * {@code SCHED_OTHER} itself ({@link #toNormal()}) only before a hand-off that may start a thread.
 *
 * <p>The owner enters idle mode on its own ({@link #beforeWait()}); only the guard leaves it
 * ({@link #leaveIdleMode}), when the owner is starved or quiet. The guard clears the mode first and then
 * switches the thread to {@code SCHED_OTHER}; the owner switches to {@code SCHED_IDLE} first and then
 * re-reads the mode, so whichever order the two interleave in, an owner out of idle mode ends at
 * {@code SCHED_OTHER}.
 */
final class OwnerPriority {

    private static final Logger log = LoggerFactory.getLogger(OwnerPriority.class);

    /** The owner's request count: progress. */
    final LongSupplier requests;
    /** The owner's kernel thread id. */
    final int tid;
    /** The owner's {@code /proc/self/task/TID/stat}, read by the guard; -1 when it could not be opened. */
    final int statFd;

    private final OwnerPriorityGuard guard;
    /** True while the owner uses SCHED_IDLE around its waits and the guard watches it. */
    private volatile boolean idleMode;
    /** {@link System#nanoTime()} before which the owner must not enter idle mode (after it was starved). */
    private volatile long normalUntil;
    /** Set when SCHED_IDLE cannot (or must no longer) be used for this owner. */
    private volatile boolean disabled;
    /** Owner-only: the thread is under SCHED_IDLE right now. */
    private boolean underIdle;
    /** Waits the owner spent under SCHED_IDLE (written by the owner only). */
    private volatile long idleWaits;

    // Guard-only state.
    /** The guard has looked at the owner since it last entered idle mode (its clocks are started). */
    boolean watched;
    /** The owner's request count at the guard's last look. */
    long seenRequests;
    /** The owner's idle-wait count at the guard's last look. */
    long seenIdleWaits;
    /** When the guard last saw the idle-wait count change. */
    long lastIdleWaitNanos;
    /** Consecutive looks that found the owner runnable without progress. */
    int stalledLooks;
    /** When the owner was last found starved (meaningful once {@link #lastHoldNanos} is set). */
    long lastStarvedNanos;
    /** The hold that followed the last starvation (0 before the first). */
    long lastHoldNanos;

    OwnerPriority(OwnerPriorityGuard guard, LongSupplier requests, int tid, int statFd) {
        this.guard = guard;
        this.requests = requests;
        this.tid = tid;
        this.statFd = statFd;
        this.normalUntil = System.nanoTime();
        this.disabled = statFd < 0;
    }

    /**
     * Tells whether the owner is in idle mode.
     *
     * @return true when the owner uses SCHED_IDLE around its waits
     */
    boolean isIdleMode() {
        return idleMode;
    }

    /**
     * Returns how many waits the owner spent under SCHED_IDLE.
     *
     * @return the count
     */
    long idleWaits() {
        return idleWaits;
    }

    /**
     * Called by the owner right before {@code io_uring_enter}, which commits the replies of the requests it
     * served and waits for the next ones: enters idle mode if allowed (waking the guard) and switches the
     * thread to SCHED_IDLE, unless it is there already. One syscall when idle mode starts (after a quiet
     * second, a hold at SCHED_OTHER or a {@link #toNormal()}), none while it lasts.
     */
    void beforeWait() {
        if (!idleMode) {
            // Never entered, or the guard ended idle mode and switches (or has switched) the thread back.
            underIdle = false;
            if (!enterIdleMode()) {
                return;
            }
        } else if (underIdle) {
            idleWaits++;
            return;
        }
        if (!set(LinuxConstants.SCHED_IDLE)) {
            return;
        }
        underIdle = true;
        idleWaits++;
        if (!idleMode) {
            toNormal();
        }
    }

    /**
     * Owner side: enters idle mode unless disabled or held at SCHED_OTHER, and wakes the guard to watch.
     *
     * @return true when now in idle mode
     */
    boolean enterIdleMode() {
        if (disabled || System.nanoTime() - normalUntil < 0) {
            return false;
        }
        idleMode = true;
        guard.wake();
        return true;
    }

    /**
     * Called by the owner before it hands a SETLKW to the entry's runner (whose thread it may start, which must
     * not inherit SCHED_IDLE) and when it ends: back to SCHED_OTHER if it was idle. The next
     * {@link #beforeWait()} switches it back to SCHED_IDLE while idle mode lasts.
     */
    void toNormal() {
        if (underIdle) {
            underIdle = false;
            set(LinuxConstants.SCHED_OTHER);
        }
    }

    private boolean set(int policy) {
        try {
            LibC.schedSetscheduler(0, policy);
            return true;
        } catch (NativeCallException e) {
            disabled = true;
            idleMode = false;
            log.info("io_uring ring owner {} keeps the normal scheduling policy: {}", tid, e.getMessage());
            return false;
        }
    }

    /**
     * Guard side: ends idle mode and switches the owner to SCHED_OTHER (it may be starving inside
     * {@code io_uring_enter} right now).
     *
     * @param holdUntilNanos {@link System#nanoTime()} before which the owner must not enter idle mode again
     * @return true when switched; false when the call failed (the owner has ended; it is then disabled)
     */
    boolean leaveIdleMode(long holdUntilNanos) {
        normalUntil = holdUntilNanos;
        idleMode = false;
        try {
            LibC.schedSetscheduler(tid, LinuxConstants.SCHED_OTHER);
            return true;
        } catch (NativeCallException e) {
            disabled = true;
            log.debug("io_uring ring owner {} not switched back to SCHED_OTHER: {}", tid, e.getMessage());
            return false;
        }
    }

    /** Called by the owner when it ends: it never enters idle mode again and the guard forgets it. */
    void detach() {
        disabled = true;
        toNormal();
    }

    /**
     * Tells whether the owner will never enter idle mode again.
     *
     * @return true once disabled or detached
     */
    boolean isDisabled() {
        return disabled;
    }
}
